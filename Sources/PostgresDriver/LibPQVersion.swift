internal import CLibPQ

/// The libpq version this driver is linked against, as PQlibVersion reports it (e.g. 150018).
public let libpqVersion: Int = Int(PQlibVersion())

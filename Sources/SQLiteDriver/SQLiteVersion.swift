internal import CSQLite

/// The SQLite library version this driver is linked against, e.g. `3.45.1`.
public let sqliteVersion: String = String(cString: sqlite3_libversion())

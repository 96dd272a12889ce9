// Placeholder replaced by the SQLite driver.
internal import CSQLite

/// The SQLite library version this driver is linked against.
public let sqliteVersion: String = String(cString: sqlite3_libversion())

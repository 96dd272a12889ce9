import Foundation
import SQLiteDriver
import VeilTestSupport

/// A fresh database file in its own temporary directory, removed with the directory.
struct TemporaryDatabase {
    let directory = TemporaryDirectory("veil-sqlite-driver")
    var path: String { directory.file("test.sqlite") }

    func open(_ mode: SQLiteConnection.OpenMode = .create) throws -> SQLiteConnection {
        try SQLiteConnection(path: path, mode: mode)
    }
}

extension SQLiteConnection {
    /// The first column of the first row of `sql`, as text (nil for NULL or no row).
    func scalarText(_ sql: String) throws -> String? {
        let statement = try prepare(sql)
        return try statement.step()?.optionalText(at: 0)
    }
}

extension SQLiteError {
    /// Refuses SQL text or a file name that holds a NUL character: SQLite reads them as C strings, so it would
    /// stop at the NUL (`SELECT 1\0; DROP ...` runs `SELECT 1`; `vault.sqlite\0.bak` opens `vault.sqlite`).
    /// Bound text travels with its length and needs no such check.
    /// - Throws: `SQLITE_MISUSE`, naming `what` (never the text).
    static func refuseNUL(in text: String, _ what: String, operation: String) throws {
        guard text.utf8.contains(0) else { return }
        throw SQLiteError(
            extendedCode: 21, message: "the \(what) holds a NUL character, which SQLite would cut short; refused",
            operation: operation)
    }
}

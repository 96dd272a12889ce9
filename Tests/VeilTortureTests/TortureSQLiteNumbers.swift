import SQLiteDriver

/// What a SQLite column of NUMERIC or REAL affinity stores for PostgreSQL's output text of a number, asked of SQLite
/// itself: the text is bound as text into an in-memory column of that affinity, as the SQLite writer binds it
/// (README, Sources and targets), except `Infinity` and `-Infinity`, which the writer binds as the REAL infinities.
/// So a kept number that the writer rounded through a double, reformatted or masked differs from the expectation.
enum TortureSQLiteNumbers {
    /// The stored value as `class:text` (``TortureSQLiteRendering/actual(_:_:)``); a probe that fails says so in the
    /// value, which then differs from any output.
    static func stored(_ text: String, affinity: String) -> String {
        do {
            let probe = try SQLiteConnection(path: ":memory:")
            try probe.execute("CREATE TABLE probe (v \(affinity))")
            let insert = try probe.prepare("INSERT INTO probe (v) VALUES (?)")
            switch text {
            case "Infinity": try insert.bind(double: .infinity, at: 1)
            case "-Infinity": try insert.bind(double: -.infinity, at: 1)
            default: try insert.bind(text: text, at: 1)
            }
            try insert.run()
            guard let row = try probe.prepare("SELECT v FROM probe").step() else { return "probe: no row" }
            return TortureSQLiteRendering.actual(row, 0) ?? "probe: NULL"
        } catch {
            return "probe: \(error)"
        }
    }
}

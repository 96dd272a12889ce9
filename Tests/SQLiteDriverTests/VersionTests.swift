import SQLiteDriver
import Testing

@Test func linksSQLite3() {
    #expect(sqliteVersion.hasPrefix("3."))
}

import Foundation
import PostgresDriver
import VeilTestSupport

/// A throwaway database on the `VEIL_TEST_PG` server, dropped after `body`.
func withTestDatabase<T>(_ body: (_ url: String) throws -> T) throws -> T {
    let name = try TestPostgres.createDatabase(prefix: "veil_pq")
    defer { TestPostgres.dropDatabase(name) }
    return try body(TestPostgres.url(database: name))
}

/// The test server's URL with its user and password replaced (and the port, when given).
func testURL(user: String, password: String?, port: Int? = nil) -> String {
    var components = URLComponents(string: TestPostgres.url ?? "")!
    components.user = user
    components.password = password
    if let port { components.port = port }
    return components.string!
}

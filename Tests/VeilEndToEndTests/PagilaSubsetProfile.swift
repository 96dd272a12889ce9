import Testing
import VeilTestSupport

/// The setup both pagila snapshot tests share: pagila restored into a fresh database on the test server, and a
/// profile (the bundled pagila one) whose `subset:` takes 10 % of customers with their children, with its key store.
struct PagilaSubsetProfile {
    let database: String
    let profile: String

    /// Restores pagila into a new database named after `prefix`; the caller drops ``database`` when done.
    init(_ scenario: Scenario, databasePrefix prefix: String) throws {
        database = try TestPostgres.createDatabase(prefix: prefix)
        let restored = try TestPostgres.restore(PackagePaths.fixture("pagila/pagila-pgdump.sql"), into: database)
        #expect(restored.status == 0, "\(restored.standardError)")
        profile = try scenario.writeProfile(
            base: "pagila.yaml", source: TestPostgres.url(database: database), target: "full.sqlite",
            extra: """
                subset:
                  public.customer: { percent: 10 }
                subset_options:
                  include_children: true
                """)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
    }
}

import Testing
import VeilCore
import VeilProfile

/// The example profile of DESIGN.md, verbatim.
let designExample = """
    version: 1
    source: Fixtures/shop/prod.sql          # path or URL: .sql (plain pg_dump), .dump/dir (pg_dump -Fc/-Fd),
                                             # .sqlite/.db, .csv or a folder of CSVs, postgresql://..., sqlite:PATH
    target: out/shop-dev.sql                 # .sql, .sqlite/.db, folder/ for CSV, postgresql://...
    keys:
      store: .veil/keys                      # encrypted key store file
      passphrase: env:VEIL_PASSPHRASE        # env:NAME | file:PATH ; never a literal
      # kek: command:CMD                     # instead of a passphrase: CMD prints a 32-byte key (64 hex or base64)
    vault: .veil/vault.sqlite                # or postgresql://... ; used by `tokenize` rules
    audit: .veil/audit.log                   # detokenization audit log
    large_objects: drop                      # drop (default) | keep
    comments: keep                           # keep (default) | drop  (COMMENT ON statements)
    jobs: 4                                  # parallel workers
    on_unreviewed_column: fail               # fail (default) | null
    tables:
      public.customers:
        columns:
          id: keep
          email: { rule: fake.email, unique: true }
          first_name: fake.first_name
          last_name: fake.last_name
          ssn: { rule: fpe, domain: ssn }            # FF1 over the digits, dashes stay in place
          card_number: { rule: card }                # Luhn-valid, FF1 inside
          phone: { rule: fpe, keep_prefix: 2 }       # alphabet: digits by default
          code: { rule: fpe, alphabet: alnum, short: hmac }
          birth_date: { rule: shift_date, max_days: 180, by: id }
          notes: null
      public.orders:
        columns:
          customer_id: keep
          shipping_address: fake.street_address
      public.login_events: { rows: none }           # schema only, no rows
      public.countries: keep                          # every column reviewed and kept
    subset:                                           # snapshot only
      public.customers: "id % 100 = 0"
    """

@Suite("The DESIGN.md example profile")
struct ExampleProfileTests {
    let profile: Profile

    init() throws {
        profile = try ProfileLoader.parse(designExample, file: "shop.yaml")
    }

    @Test func topLevelSettings() {
        #expect(profile.file == "shop.yaml")
        #expect(profile.version == 1)
        #expect(profile.source == "Fixtures/shop/prod.sql")
        #expect(profile.target == "out/shop-dev.sql")
        #expect(profile.keys == KeysConfiguration(store: ".veil/keys", passphrase: .environment("VEIL_PASSPHRASE")))
        #expect(profile.vault == ".veil/vault.sqlite")
        #expect(profile.audit == ".veil/audit.log")
        #expect(profile.policy == nil)
        #expect(profile.largeObjects == .drop)
        #expect(profile.comments == .keep)
        #expect(profile.jobs == 4)
        #expect(profile.onUnreviewedColumn == .fail)
        #expect(profile.subset == ["public.customers": "id % 100 = 0"])
        #expect(profile.subsetLocations["public.customers"]?.line == 35)
        #expect(profile.protected.isEmpty)
    }

    @Test func tablesInFileOrder() {
        #expect(
            profile.tables.map(\.key) == [
                "public.customers", "public.orders", "public.login_events", "public.countries",
            ])
        #expect(profile.tables.map(\.location.line) == [16, 28, 32, 33])
        #expect(profile.tables.map(\.location.column) == [3, 3, 3, 3])
        #expect(profile.tables[2].disposition == .schemaOnly)
        #expect(profile.tables[3].disposition == .keep)
        #expect(profile.tables[1].columns.map(\.name) == ["customer_id", "shipping_address"])
        #expect(profile.tables[1].columns.map(\.rule.name) == ["keep", "fake.street_address"])
    }

    @Test func customerColumns() throws {
        let columns = profile.tables[0].columns
        #expect(
            columns.map(\.name) == [
                "id", "email", "first_name", "last_name", "ssn", "card_number", "phone", "code", "birth_date", "notes",
            ])
        #expect(
            columns.map(\.rule.name) == [
                "keep", "fake.email", "fake.first_name", "fake.last_name", "fpe", "card", "fpe", "fpe", "shift_date",
                "null",
            ])
        #expect(columns.map(\.location.line) == Array(18...27))

        let email = try #require(profile.tables[0].column(named: "email"))
        #expect(email.rule.unique)
        #expect(email.rule.arguments.isEmpty)
        #expect(email.rule.location == SourceLocation(file: "shop.yaml", line: 19, column: 22))

        let ssn = try #require(profile.tables[0].column(named: "ssn"))
        #expect(ssn.rule.domain == "ssn")
        #expect(!ssn.rule.unique)
        #expect(ssn.rule.arguments.isEmpty)

        let phone = try #require(profile.tables[0].column(named: "phone"))
        #expect(phone.rule.arguments == ["keep_prefix": .integer(2)])
        #expect(phone.rule.argumentLocations["keep_prefix"] == SourceLocation(file: "shop.yaml", line: 24, column: 27))

        let code = try #require(profile.tables[0].column(named: "code"))
        #expect(code.rule.arguments == ["alphabet": .string("alnum"), "short": .string("hmac")])

        let birth = try #require(profile.tables[0].column(named: "birth_date"))
        #expect(birth.rule.arguments == ["max_days": .integer(180), "by": .string("id")])
        #expect(birth.rule.domain == nil)
    }

    @Test func entryLookupUsesPostgresDefaultSchema() {
        let customers = TableName(schema: "public", name: "customers")
        #expect(profile.entry(for: customers, defaultSchema: "public")?.key == "public.customers")
        #expect(profile.entry(for: TableName(schema: "sales", name: "customers"), defaultSchema: "public") == nil)
        #expect(profile.subsetCondition(for: customers, defaultSchema: "public") == "id % 100 = 0")
    }

    @Test func loadKeepsThePathInEveryLocation() throws {
        let path = try TemporaryFile.write(designExample, mode: 0o644)
        defer { TemporaryFile.remove(path) }
        let loaded = try ProfileLoader.load(contentsOf: path)
        #expect(loaded.file == path)
        #expect(loaded.tables.map(\.key) == profile.tables.map(\.key))
        #expect(loaded.tables.allSatisfy { $0.location.file == path })
        #expect(loaded.tables[0].columns.allSatisfy { $0.location.file == path && $0.rule.location.file == path })
    }

    @Test func missingFileIsAUsageError() {
        #expect {
            _ = try ProfileLoader.load(contentsOf: "/nonexistent/veil-profile.yaml")
        } throws: { error in
            (error as? VeilError)?.code == .usage
        }
    }
}

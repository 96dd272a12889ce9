import Testing
import VeilCore
import VeilProfile

/// Parses a profile whose only table is `public.t` with the given `columns:` body (each line indented
/// by the caller as it should appear under `columns:`).
func parseColumns(_ columns: String) throws -> [ColumnEntry] {
    let profile = try ProfileLoader.parse(
        profileHeader + "tables:\n  public.t:\n    columns:\n" + columns, file: "p.yaml")
    return profile.tables[0].columns
}

/// Version and keys: the minimum a valid profile needs. Four lines, so `tables:` starts at line 5.
let profileHeader = """
    version: 1
    keys:
      store: .veil/keys
      passphrase: env:VEIL_PASSPHRASE

    """

@Suite("Column rules")
struct RuleSpecTests {
    @Test func shorthandAndMapSpellTheSameRule() throws {
        let columns = try parseColumns(
            """
                  a: fake.email
                  b: { rule: fake.email }
                  c:
                    rule: fake.email
            """)
        #expect(columns.map(\.rule.name) == ["fake.email", "fake.email", "fake.email"])
        #expect(columns.allSatisfy { $0.rule.arguments.isEmpty && !$0.rule.unique && $0.rule.domain == nil })
        #expect(columns.map(\.rule.location.line) == [8, 9, 11])
        #expect(columns.map(\.rule.location.column) == [10, 18, 15])
    }

    @Test(arguments: ["null", "~", "Null", "{ rule: null }", "'null'"])
    func nullIsTheNullRule(spelling: String) throws {
        let columns = try parseColumns("      notes: \(spelling)\n")
        #expect(columns.map(\.rule.name) == ["null"])
    }

    @Test func keepIsTheKeepRule() throws {
        #expect(try parseColumns("      id: keep\n").map(\.rule.name) == ["keep"])
    }

    @Test func domainAndUniqueAreLiftedOutOfTheArguments() throws {
        let columns = try parseColumns(
            """
                  email: { rule: fpe, domain: people.email, unique: true, alphabet: alnum, keep_suffix: 4 }
                  other: { rule: fpe, unique: false }
            """)
        let email = columns[0].rule
        #expect(email.domain == "people.email")
        #expect(email.unique)
        #expect(email.arguments == ["alphabet": .string("alnum"), "keep_suffix": .integer(4)])
        #expect(Set(email.argumentLocations.keys) == ["alphabet", "keep_suffix"])
        #expect(email.location(ofArgument: "keep_suffix") == SourceLocation(file: "p.yaml", line: 8, column: 80))
        #expect(email.location(ofArgument: "absent") == email.location)
        #expect(columns[1].rule.unique == false)
    }

    @Test func argumentValuesKeepTheirYAMLTypes() throws {
        let rule = try parseColumns(
            """
                  x: { rule: noise, ratio: 0.1, round: true, short: null, detect: [email, card], to: "5" }
            """)[0].rule
        #expect(rule.arguments["ratio"] == .string("0.1"))
        #expect(rule.arguments["ratio"]?.doubleValue == 0.1)
        #expect(rule.arguments["round"] == .boolean(true))
        #expect(rule.arguments["short"] == .string("null"))
        #expect(rule.arguments["detect"] == .list([.string("email"), .string("card")]))
        #expect(rule.arguments["to"] == .string("5"))
        #expect(rule.arguments["to"]?.integerValue == 5)
    }

    @Test func jsonPathsCarryTheirOwnRules() throws {
        let rule = try parseColumns(
            """
                  payload:
                    rule: json
                    paths:
                      "$.a.b": fake.email
                      "$.items[*].c": { rule: fpe, domain: items }
            """)[0].rule
        #expect(rule.name == "json")
        #expect(rule.nestedRules["$.a.b"]?.name == "fake.email")
        #expect(rule.nestedRules["$.a.b"]?.location.line == 11)
        #expect(rule.nestedRules["$.items[*].c"]?.domain == "items")
        #expect(rule.arguments["paths"]?.mapValue?["$.a.b"] == .string("fake.email"))
    }

    @Test func problemsInsideJSONPathsAreReportedOnce() {
        let found = problems(
            in: profileHeader + """
                tables:
                  t:
                    columns:
                      x: { rule: json, paths: { "$.a": keep, "$.a": null, "$.b": { domain: d } } }
                """)
        #expect(
            found.map(\.message) == [
                "tables.t.columns.x.paths: duplicate key '$.a' (first at line 8)",
                "tables.t.columns.x.paths.$.b: a rule map needs rule: (e.g. { rule: fpe, domain: ssn })",
            ])
    }
}

import Testing
import VeilCore
import VeilProfile

/// Parses `yaml` expecting it to be refused, and returns the problems.
func problems(in yaml: String) -> [ProfileProblem] {
    do {
        _ = try ProfileLoader.parse(yaml, file: "p.yaml")
        Issue.record("the profile was accepted")
        return []
    } catch {
        return error.problems
    }
}

@Suite("Problems, all in one pass")
struct ProfileProblemTests {
    /// One mistake per line, so every problem's line is known.
    let brokenProfile = """
        version: 2
        sorce: x.sql
        keys:
          store: .veil/keys
          passphrase: hunter2
        large_objects: maybe
        jobs: 0
        on_unreviewed_column: nul
        tables:
          public.a: keep
          public.b: kept
          public.c: { rows: none, columns: { id: keep } }
          public.d:
            columns:
              id: keep
              email: { unique: true }
              id: keep
          public.a: keep
          public.e: { colums: { id: keep } }
          '"public"."c"': keep
        protected: out/prod.sql
        """

    @Test func everyProblemIsReportedAtItsLineAndColumn() {
        let found = problems(in: brokenProfile)
        let positions = found.map { [$0.location.line, $0.location.column] }
        #expect(
            positions == [
                [1, 10], [2, 1], [5, 15], [6, 16], [7, 7], [8, 23], [11, 13], [12, 27], [16, 14], [17, 7], [18, 3],
                [19, 15], [20, 3], [21, 12],
            ])
        #expect(found.allSatisfy { $0.location.file == "p.yaml" })
    }

    @Test func messagesSayWhatIsWrong() {
        let messages = problems(in: brokenProfile).map(\.message)
        let expected = [
            "version: unsupported version 2", "unknown top-level key 'sorce' (did you mean 'source'?)",
            "keys.passphrase: must be env:NAME, file:PATH or command:CMD; a literal secret is never accepted",
            "large_objects: must be one of drop or keep, found 'maybe'", "jobs: must be between 1 and 256",
            "did you mean 'null'?", "tables.public.b: must be keep,", "rows: none copies no rows",
            "tables.public.d.columns.email: a rule map needs rule:", "duplicate key 'id' (first at line 15)",
            "duplicate key 'public.a' (first at line 10)", "unknown key 'colums' (did you mean 'columns'?)",
            "names the same table as the entry at line 12", "protected: must be a list",
        ]
        #expect(messages.count == expected.count)
        for (message, part) in zip(messages, expected) {
            #expect(message.contains(part), "\(message)")
        }
    }

    @Test func literalSecretsAreNeverEchoed() {
        let error = ProfileError(problems: problems(in: brokenProfile))
        #expect(!error.description.contains("hunter2"))
        #expect(!error.veilError.description.contains("hunter2"))
    }

    @Test func descriptionListsOneProblemPerLineAndMapsToUsage() {
        let error = ProfileError(problems: problems(in: brokenProfile))
        let lines = error.description.split(separator: "\n")
        #expect(lines.count == 14)
        #expect(lines.first == "p.yaml:1:10: version: unsupported version 2 (this Veil reads version 1)")
        #expect(error.veilError.code == .usage)
        #expect(error.veilError.code.exitCode == 64)
        #expect(error.veilError.message.hasPrefix("invalid profile (14 problems):\np.yaml:1:10: "))
    }

    @Test(arguments: [
        ("passphrase: correct horse battery staple", "literal secret is never accepted"),
        ("passphrase: 123456", "literal secret is never accepted"),
        ("passphrase: true", "literal secret is never accepted"),
        ("passphrase: 'env:'", "env: needs a variable name"),
        ("passphrase: env:1BAD", "env: needs a variable name"),
        ("passphrase: 'file:'", "file: needs a path"),
        ("kek: 'command:  '", "command: needs a command"),
        ("passphrase: [env:A]", "found a list"),
    ])
    func badSecretReferencesAreRefused(line: String, message: String) throws {
        let found = problems(in: "version: 1\nkeys:\n  store: k\n  \(line)\n")
        #expect(found.count == 1)
        #expect(found.first?.location.line == 4)
        #expect(found.first?.message.contains(message) == true, "\(found)")
        #expect(!(found.first?.message.contains("horse") ?? true))
    }

    @Test func keysNeedExactlyOneSecretAndAStore() {
        let neither = problems(in: "version: 1\nkeys:\n  store: k\n")
        #expect(neither.map(\.location.line) == [2])
        #expect(neither.first?.message.contains("needs passphrase:") == true)

        let both = problems(in: "version: 1\nkeys:\n  store: k\n  passphrase: env:A\n  kek: command:kms get\n")
        #expect(both.map(\.location.line) == [5])
        #expect(both.first?.message.contains("not both") == true)

        let noStore = problems(in: "version: 1\nkeys:\n  passphrase: env:A\n  pasphrase: env:B\n")
        #expect(noStore.map(\.location.line) == [2, 4])
        #expect(noStore[1].message == "keys: unknown key (did you mean 'passphrase'?)")
    }

    @Test func kekCommandIsAccepted() throws {
        let profile = try ProfileLoader.parse(
            "version: 1\nkeys:\n  store: k\n  kek: command:kms decrypt --key veil\n", file: "p.yaml")
        #expect(profile.keys.kek == .command("kms decrypt --key veil"))
        #expect(profile.keys.passphrase == nil)
    }

    @Test func missingRequiredKeysAreNamed() {
        let found = problems(in: "source: a.sql\n")
        #expect(
            found.map(\.message) == [
                "missing required key 'version' (write version: 1)",
                "missing required key 'keys' (keys: { store: PATH, passphrase: env:NAME })",
            ])
        #expect(found.allSatisfy { $0.location.line == 1 })
    }

    @Test(arguments: ["", "# only a comment\n", "just a string\n", "- a\n- b\n"])
    func notAMapIsOneProblem(yaml: String) {
        #expect(problems(in: yaml).count == 1)
    }

    @Test func closeSpellingsAreSuggested() {
        let found = problems(in: profileHeader + "largeObjects: keep\nonUnreviewedColumn: null\ntabels: {}\nzzz: 1\n")
        #expect(
            found.map(\.message) == [
                "unknown top-level key 'largeObjects' (did you mean 'large_objects'?)",
                "unknown top-level key 'onUnreviewedColumn' (did you mean 'on_unreviewed_column'?)",
                "unknown top-level key 'tabels' (did you mean 'tables'?)",
                "unknown top-level key 'zzz' (expected version, source, target, keys, vault, audit, policy, "
                    + "large_objects, comments, jobs, on_unreviewed_column, tables, subset, subset_options, "
                    + "protected, leak_check or csv)",
            ])
        #expect(found.map(\.location.line) == [5, 6, 7, 8])
    }

    @Test func wrongTypesAreReported() {
        let found = problems(
            in: profileHeader + """
                source: [a, b]
                jobs: four
                comments: [keep]
                tables:
                  t:
                    columns: [id, name]
                  u:
                    columns:
                      id: 5
                      name: [keep]
                      age: { rule: fpe, unique: maybe }
                      zip:
                subset: { t: [1] }
                """)
        #expect(found.map(\.location.line) == [5, 6, 7, 10, 13, 14, 15, 16, 17])
        #expect(
            found.map(\.message) == [
                "source: must be a string, found a list",
                "jobs: must be an integer, found a string",
                "comments: must be one of keep or drop, found a list",
                "tables.t.columns: must be a map of column: rule, found a list",
                "tables.u.columns.id: must be a rule name, found an integer",
                "tables.u.columns.name: must be a rule name or { rule: NAME, ... }, found a list",
                "tables.u.columns.age.unique: must be true or false, found a string",
                "tables.u.columns.zip: has no rule (write keep, null or a rule name)",
                "subset.t: must be a string, found a list",
            ])
    }

    @Test func versionMustBeTheInteger1() {
        let quoted = problems(in: "version: \"1\"\nkeys: { store: k, passphrase: env:A }\n")
        #expect(quoted.map(\.message) == ["version: must be an integer, found a string"])
        #expect(quoted.map(\.location.column) == [10])
    }

    @Test func duplicateKeysAreFoundAtEveryLevel() {
        let found = problems(
            in: """
                version: 1
                keys: { store: a, passphrase: env:A, store: b }
                tables:
                  t:
                    columns:
                      a: keep
                      b: { rule: fpe, domain: x, domain: y }
                      a: null
                  t: keep
                jobs: 2
                jobs: 3
                """)
        #expect(found.map(\.location.line) == [2, 7, 8, 9, 11])
        #expect(
            found.map(\.message) == [
                "keys: duplicate key 'store' (first at line 2)",
                "tables.t.columns.b: duplicate key 'domain' (first at line 7)",
                "tables.t.columns: duplicate key 'a' (first at line 6)",
                "tables: duplicate key 't' (first at line 4)",
                "duplicate key 'jobs' (first at line 10)",
            ])
    }

    @Test func duplicatesInsideOneFlowMapKeepTheirColumns() {
        let found = problems(in: profileHeader + "tables:\n  t: { columns: { a: keep, b: keep, a: keep, b: null } }\n")
        #expect(found.map { [$0.location.line, $0.location.column] } == [[6, 37], [6, 46]])
        #expect(
            found.map(\.message) == [
                "tables.t.columns: duplicate key 'a' (first at line 6)",
                "tables.t.columns: duplicate key 'b' (first at line 6)",
            ])
    }

    @Test func problemsAfterARenamedKeyKeepTheirColumns() {
        let found = problems(in: profileHeader + "tables:\n  t: { columns: { a: keep, a: keep, c: [x] } }\n")
        #expect(found.map { [$0.location.line, $0.location.column] } == [[6, 28], [6, 40]])
    }

    @Test func tabsGetAHint() {
        let found = problems(in: profileHeader + "tables:\n\tt: keep\n")
        #expect(found.map(\.location.line) == [6])
        #expect(found.first?.message.contains("not tabs") == true)
    }

    @Test func yamlSyntaxErrorsCarryTheParsersLine() {
        let badIndent = problems(in: "version: 1\nkeys:\n  store: a\n passphrase: env:A\ntables: {}\n")
        #expect(badIndent.count == 1)
        #expect(badIndent.first?.location.line == 4)
        #expect(badIndent.first?.message.hasPrefix("YAML syntax error: ") == true)

        let unclosed = problems(
            in: profileHeader + "tables:\n  t:\n    columns:\n      a: { rule: fpe\n      b: keep\n")
        #expect(unclosed.count == 1)
        #expect(unclosed.first.map { $0.location.line >= 8 } == true)
        #expect(unclosed.first?.message.hasPrefix("YAML syntax error: ") == true)
    }
}

/// `subset:` entries as maps and `subset_options:`, with their problems.
@Suite("Subset entries")
struct SubsetEntryTests {
    static let header = "version: 1\nkeys: { store: k, passphrase: env:P }\n"

    @Test func mapsAndOptionsDecode() throws {
        let profile = try ProfileLoader.parse(
            Self.header + "subset:\n  customers: { where: \"id > 3\", percent: 2.5, limit: 10 }\n  orders: \"x = 1\"\n"
                + "subset_options: { include_children: true, max_rows_per_table: 100 }\n", file: "p.yaml")
        #expect(profile.subsetSelections["customers"]?.condition == "id > 3")
        #expect(profile.subsetSelections["customers"]?.percent == 2.5)
        #expect(profile.subsetSelections["customers"]?.limit == 10)
        #expect(profile.subsetSelections["orders"]?.condition == "x = 1")
        #expect(profile.subset == ["orders": "x = 1"])
        #expect(profile.subsetOptions == SubsetOptions(includeChildren: true, maxRowsPerTable: 100))
    }

    @Test func problemsAreLineNumbered() {
        let found = problems(
            in: Self.header + "subset:\n  customers: { percent: 300, lmit: 3 }\n"
                + "subset_options: { include_children: 2 }\n")
        let messages = found.map { "\($0.location.line): \($0.message)" }
        #expect(messages.contains("4: subset.customers.percent: must be a number above 0 and at most 100"))
        #expect(messages.contains { $0.hasPrefix("4: subset.customers: unknown key 'lmit' (did you mean 'limit'?)") })
        #expect(messages.contains { $0.hasPrefix("5: subset_options.include_children: must be true or false") })
    }
}

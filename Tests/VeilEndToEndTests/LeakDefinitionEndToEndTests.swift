import Foundation
import Testing
import VeilTestSupport

/// DESIGN "Leak, defined" with the real binary: tables named with their schema, originals of another format space
/// found in any field, coincidences of one format space and digits inside longer digits not counted.
@Suite("Leak definition end to end")
struct LeakDefinitionEndToEndTests {
    static func report(_ path: String) throws -> [String: Any] {
        try LeakVerificationEndToEndTests.reportJSON(path)
    }

    // MARK: Same table name in two schemas

    /// `public.people` (masked `email`) and `other.people` (masked `contact`), and a kept `public.notes` quoting one
    /// original email of each. (Matched by bare name, one table's watched columns stood for both, and the other's
    /// emails went unsearched: the check found one leak of two.)
    static func twoSchemas(_ scenario: Scenario) throws -> String {
        let publicPeople = (1...40).map { ["\($0)", "alice.public\($0)@mail.example"] }
        let otherPeople = (1...40).map { ["\($0)", "bob.other\($0)@corp.example"] }
        let dump = HandwrittenDump(tables: [
            .init(
                name: "notes", columns: [("id", "integer"), ("body", "text")],
                rows: [
                    ["1", "write to bob.other2@corp.example"], ["2", "or to alice.public3@mail.example"],
                    ["3", "nothing personal"],
                ]),
            .init(name: "people", columns: [("id", "integer"), ("email", "text")], rows: publicPeople),
            .init(
                schema: "other", name: "people", columns: [("id", "integer"), ("contact", "text")], rows: otherPeople),
        ])
        let source = scenario.directory.file("two-schemas.sql")
        try dump.write(to: source)
        return source
    }

    static let twoSchemaTables = """

        tables:
          public.people:
            columns:
              id: keep
              email: email
          other.people:
            columns:
              id: keep
              contact: email
          public.notes: keep
        """

    @Test("tables of one name in two schemas: every run finds both leaks, and verify counts the same every time")
    func sameNameTables() throws {
        let scenario = Scenario()
        let source = try Self.twoSchemas(scenario)
        let failing = try scenario.writeProfile(
            base: "shop.yaml", source: source, tables: Self.twoSchemaTables, extra: "leak_check: fail")
        #expect(try scenario.veil(["keys", "init", failing]).status == 0)
        for attempt in 1...5 {
            let report = scenario.directory.file("run-\(attempt).json")
            let run = try scenario.veil(["run", failing, "--quiet", "--report", report])
            #expect(run.status == 2, "attempt \(attempt): \(run.standardError)")
            #expect(!scenario.exists("masked.sql"))
            #expect(
                try Self.report(report)["leaks"] as? [String: Int] == ["public.notes.body": 2], "attempt \(attempt)")
            #expect(!run.standardError.contains("bob.other2") && !run.standardError.contains("alice.public3"))
        }
        for (target, name) in [("masked.sql", "public.notes.body"), ("masked.sqlite", "notes.body")] {
            let warning = try scenario.writeProfile(
                named: "warn-\(target).yaml", base: "shop.yaml", source: source, target: target,
                tables: Self.twoSchemaTables, extra: "leak_check: warn")
            let run = try scenario.veil(["run", warning, "--quiet"])
            #expect(run.status == 0, "\(run.standardError)")
            for attempt in 1...3 {
                let report = scenario.directory.file("verify-\(target)-\(attempt).json")
                let verify = try scenario.veil(["verify", warning, "--report", report])
                #expect(verify.status == 2, "\(target) attempt \(attempt): \(verify.standardOutput)")
                #expect(try Self.report(report)["leaks"] as? [String: Int] == [name: 2], "\(target) attempt \(attempt)")
            }
        }
    }

    // MARK: Format spaces

    /// Customers with a synthetic surname, a masked email and a masked phone number.
    static func customers(_ scenario: Scenario) throws -> (source: String, profile: String, emails: [String]) {
        let rows = (1...30).map { number in
            [
                "\(number)", "Surname\(number)", "customer.\(number)@mail.example",
                String(format: "+1 (555) 01%02d-%04d", number, number * 37),
            ]
        }
        let dump = HandwrittenDump(tables: [
            .init(
                name: "customers",
                columns: [("id", "integer"), ("last_name", "text"), ("email", "text"), ("phone", "text")], rows: rows)
        ])
        let source = scenario.directory.file("customers.sql")
        try dump.write(to: source)
        let tables = """

            tables:
              public.customers:
                columns:
                  id: keep
                  last_name: fake.last_name
                  email: email
                  phone: phone
            """
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: source, tables: tables, extra: "leak_check: fail")
        return (source, profile, rows.map { $0[2] })
    }

    @Test("a real email where a synthetic surname belongs is a leak; another row's phone as a masked phone is not")
    func otherFormatSpace() throws {
        let scenario = Scenario()
        let (_, profile, emails) = try Self.customers(scenario)
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let run = try scenario.veil(["run", profile, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let output = scenario.directory.file("masked.sql")
        let pristine = try String(contentsOfFile: output, encoding: .utf8)

        // Another customer's original email in the first row's `last_name` (rule `fake.last_name`).
        try LeakVerificationEndToEndTests.plant(emails[1], in: output, table: "public.customers", field: 1)
        let report = scenario.directory.file("verify.json")
        let planted = try scenario.veil(["verify", profile, "--report", report])
        #expect(planted.status == 2, "\(planted.standardOutput)")
        #expect(try Self.report(report)["leaks"] as? [String: Int] == ["public.customers.last_name": 1])
        #expect(!planted.standardOutput.contains(emails[1]))

        // Another customer's original phone number as the first row's masked phone: one format space, so no leak
        // (verify still reports the field as unexpected: it is not what masking the row gives).
        try pristine.write(toFile: output, atomically: true, encoding: .utf8)
        try LeakVerificationEndToEndTests.plant("+1 (555) 0102-0074", in: output, table: "public.customers", field: 3)
        let coincidence = try scenario.veil(["verify", profile, "--report", report])
        let json = try Self.report(report)
        #expect(json["leaksFound"] as? Int == 0, "\(coincidence.standardOutput)")
        #expect(json["unexpected"] as? [String: Int] == ["public.customers.phone": 1])
        #expect(!coincidence.standardOutput.contains("leak:"))
    }

    // MARK: Token boundaries

    @Test("the ip rule on 200,000 addresses passes leak_check: fail (no digits counted inside longer digits)")
    func ipAddressesAtScale() throws {
        let scenario = Scenario()
        var generator = SeededGenerator(seed: 0x1F00_D5EE_D000_0001)
        var seen = Set<UInt32>()
        var rows: [[String?]] = []
        while rows.count < 200_000 {
            let address = UInt32(truncatingIfNeeded: generator.next())
            guard seen.insert(address).inserted else { continue }
            let text = "\(address >> 24).\((address >> 16) & 255).\((address >> 8) & 255).\(address & 255)"
            rows.append(["\(rows.count + 1)", text])
        }
        let dump = HandwrittenDump(tables: [
            .init(name: "hosts", columns: [("id", "integer"), ("ip", "text")], rows: rows)
        ])
        let source = scenario.directory.file("hosts.sql")
        try dump.write(to: source)
        let tables = """

            tables:
              public.hosts:
                columns:
                  id: keep
                  ip: ip
            """
        let profile = try scenario.writeProfile(
            base: "shop.yaml", source: source, tables: tables, extra: "leak_check: fail")
        #expect(try scenario.veil(["keys", "init", profile]).status == 0)
        let report = scenario.directory.file("run.json")
        let run = try scenario.veil(["run", profile, "--quiet", "--report", report])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(try Self.report(report)["leaksFound"] as? Int == 0)
        #expect(scenario.exists("masked.sql"))
    }
}

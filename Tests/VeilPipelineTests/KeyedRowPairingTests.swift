import Testing
import VeilCore

@testable import VeilPipeline

/// Pairing output rows with source rows by key (``KeyedRowPairing``), within a memory budget.
@Suite("Keyed row pairing")
struct KeyedRowPairingTests {
    static let people = TableName(schema: "public", name: "people")
    static let columns = ["id", "email", "city"]
    static let plan = PairingPlan(tables: [
        people: .init(
            name: people, key: ["id"], columns: columns, forms: ["id": .exact, "email": .exact, "city": .exact])
    ])

    /// Source rows 1...n: an email (masked) and a city (kept).
    static func source(_ count: Int) -> [Row] {
        (1...count).map { ["\($0)", "person\($0)@example.org", "City \($0 % 7)"] }
    }

    /// What the profile makes of a source row: the email masked, the rest kept.
    static func masked(_ row: Row) -> Row {
        [row[0], "user-\(row[0]!)@masked.test", row[2]]
    }

    static func pairing(budget: Int = KeyedRowPairing.defaultBudget) throws -> KeyedRowPairing {
        let mapping = try OutputTableMapping(
            source: DatabaseSchema(tables: [
                TableSchema(name: people, columns: columns.map { Column(name: $0, type: "text") }, primaryKey: ["id"])
            ]), naming: .plainDump)
        return KeyedRowPairing(plan: plan, mapping: mapping, budget: budget, hasher: LeakHasher(key: [1, 2, 3, 4]))
    }

    /// Every pass of a verification: the source in batches of 100 rows, then the output.
    static func run(_ pairing: KeyedRowPairing, source: [Row], output: [Row], outputColumns: [String] = columns) {
        repeat {
            for start in stride(from: 0, to: source.count, by: 100) {
                let rows = Array(source[start..<min(start + 100, source.count)])
                pairing.hold(
                    RowBatch(table: people, rows: rows, firstRowNumber: start + 1), columns: columns,
                    expected: RowBatch(table: people, rows: rows.map(masked), firstRowNumber: start + 1),
                    recomputed: Set(columns), scope: LeakScope.Columns(masked: ["email"]))
            }
            pairing.compare(
                RowBatch(table: people, rows: output, firstRowNumber: 1), source: people, columns: outputColumns)
        } while pairing.advance()
    }

    @Test("a subset in another order, with its columns in another order, pairs clean")
    func subsetReordered() throws {
        let pairing = try Self.pairing()
        let source = Self.source(500)
        let output = source.map(Self.masked).filter { Int($0[0]!)! % 3 == 0 }.reversed().map { [$0[2], $0[0], $0[1]] }
        Self.run(pairing, source: source, output: Array(output), outputColumns: ["city", "id", "email"])
        #expect(pairing.pairedRows == [Self.people: 166])
        #expect(pairing.unexpected.isEmpty)
        #expect(pairing.leaks.isEmpty)
        #expect(pairing.unmatchedRows.isEmpty)
        #expect(pairing.passes == 1)
    }

    @Test("an own original is a leak and unexpected; another row's masked value or a changed kept field is unexpected")
    func planted() throws {
        let pairing = try Self.pairing()
        let source = Self.source(50)
        var output = source.map(Self.masked)
        output[9][1] = source[9][1]  // its own original email
        output[19][1] = output[20][1]  // another row's masked email
        output[29][2] = "Elsewhere"  // a kept city changed
        Self.run(pairing, source: source, output: output)
        #expect(pairing.leaks == ["public.people.email": 1])
        #expect(pairing.unexpected == ["public.people.email": 2, "public.people.city": 1])
        #expect(pairing.leakedPlaces == [LeakPlace(table: Self.people, column: "email", row: 10)])
        #expect(pairing.pairedRows == [Self.people: 50])
    }

    @Test("a budget smaller than the source splits the key space into passes with the same outcome")
    func budgetSplits() throws {
        let source = Self.source(2_000)
        var output = source.map(Self.masked).shuffled()
        output[5][1] = source.first { $0[0] == output[5][0] }![1]
        output[6][2] = "Elsewhere"
        let roomy = try Self.pairing()
        Self.run(roomy, source: source, output: output)
        let tight = try Self.pairing(budget: 20_000)
        Self.run(tight, source: source, output: output)
        #expect(tight.passes > 4)
        #expect(tight.peakBytes <= 20_000)
        #expect(roomy.peakBytes > 100_000)
        #expect(tight.leaks == roomy.leaks)
        #expect(tight.unexpected == roomy.unexpected)
        #expect(tight.pairedRows == [Self.people: 2_000])
        #expect(roomy.leaks == ["public.people.email": 1])
        #expect(roomy.unexpected == ["public.people.email": 1, "public.people.city": 1])
    }

    @Test("an output row whose key no source row has, two have, or that is NULL is unmatched, not compared")
    func unmatched() throws {
        let pairing = try Self.pairing()
        var source = Self.source(10)
        source.append(source[3])  // two source rows with key 4
        var output = source.prefix(10).map(Self.masked)
        output.append(["99", "x@masked.test", "City 1"])
        output.append([nil, "y@masked.test", "City 2"])
        Self.run(pairing, source: source, output: output)
        #expect(pairing.pairedRows == [Self.people: 9])
        #expect(pairing.unmatchedRows == [Self.people: 3])
        #expect(pairing.unexpected.isEmpty)
    }

    @Test("without a recompute only the own-row test runs")
    func withoutRecompute() throws {
        let pairing = try Self.pairing()
        let source = Self.source(20)
        var output = source.map(Self.masked)
        output[2][1] = source[2][1]
        output[3][2] = "Elsewhere"
        pairing.hold(
            RowBatch(table: Self.people, rows: source, firstRowNumber: 1), columns: Self.columns, expected: nil,
            recomputed: [], scope: LeakScope.Columns(masked: ["email"]))
        pairing.compare(
            RowBatch(table: Self.people, rows: output, firstRowNumber: 1), source: Self.people, columns: Self.columns)
        #expect(pairing.leaks == ["public.people.email": 1])
        #expect(pairing.unexpected.isEmpty)
    }
}

/// Which key pairs a table, and how output tables are named.
@Suite("Pairing plan and output names")
struct PairingPlanTests {
    static func table(primaryKey: [String]? = nil, unique: [[String]] = [], notNull: Set<String> = []) -> TableSchema {
        TableSchema(
            name: TableName(schema: "public", name: "t"),
            columns: ["a", "b", "c"].map { Column(name: $0, type: "text", isNotNull: notNull.contains($0)) },
            primaryKey: primaryKey, uniqueKeys: unique)
    }

    @Test("the primary key, else the first unique key whose columns are all NOT NULL, else none")
    func keyChoice() {
        #expect(
            PairingPlan.key(of: Self.table(primaryKey: ["a", "b"], unique: [["c"]], notNull: ["c"])) == ["a", "b"])
        #expect(PairingPlan.key(of: Self.table(unique: [["b"], ["c"]], notNull: ["c"])) == ["c"])
        #expect(PairingPlan.key(of: Self.table(unique: [["b"]])) == nil)
        #expect(PairingPlan.key(of: Self.table()) == nil)
    }

    static let schema = DatabaseSchema(tables: [
        TableSchema(name: TableName(schema: "public", name: "people"), columns: [Column(name: "id", type: "int")]),
        TableSchema(name: TableName(schema: "other", name: "people"), columns: [Column(name: "id", type: "int")]),
        TableSchema(name: TableName(schema: "public", name: "pay"), columns: [Column(name: "id", type: "int")]),
        TableSchema(
            name: TableName(schema: "public", name: "pay_2024"), columns: [Column(name: "id", type: "int")],
            parent: TableName(schema: "public", name: "pay")),
    ])

    @Test("SQLite and CSV outputs name tables with their schema as the writers do; partitions go to their root")
    func outputNames() throws {
        let sqlite = try OutputTableMapping(source: Self.schema, naming: .sqlite)
        #expect(
            sqlite.sourceTable(of: TableName(schema: "", name: "people")) == TableName(schema: "public", name: "people")
        )
        #expect(
            sqlite.sourceTable(of: TableName(schema: "", name: "other_people"))
                == TableName(schema: "other", name: "people"))
        #expect(
            sqlite.root(of: TableName(schema: "public", name: "pay_2024")) == TableName(schema: "public", name: "pay"))
        let csv = try OutputTableMapping(source: Self.schema, naming: .csv)
        #expect(
            csv.sourceTable(of: TableName(schema: "", name: "other.people"))
                == TableName(schema: "other", name: "people"))
        let dump = try OutputTableMapping(source: Self.schema, naming: .plainDump)
        #expect(
            dump.sourceTable(of: TableName(schema: "other", name: "people"))
                == TableName(schema: "other", name: "people"))
        #expect(
            dump.root(of: TableName(schema: "public", name: "pay_2024"))
                == TableName(schema: "public", name: "pay_2024"))
        #expect(dump.sourceTable(of: TableName(schema: "", name: "people")) == nil)
    }

    @Test("two source tables that would share an output name are refused")
    func ambiguous() {
        let schema = DatabaseSchema(tables: [
            TableSchema(name: TableName(schema: "a_b", name: "c"), columns: [Column(name: "id", type: "int")]),
            TableSchema(name: TableName(schema: "a", name: "b_c"), columns: [Column(name: "id", type: "int")]),
        ])
        #expect(throws: VeilError.self) { try OutputTableMapping(source: schema, naming: .sqlite) }
        #expect((try? OutputTableMapping(source: schema, naming: .csv)) != nil)
    }

    @Test("a SQLite number or boolean compares by value; text exactly")
    func comparedForms() {
        let number = ComparedForm(sqliteType: "NUMERIC", sourceType: "numeric(10,2)")
        #expect(number == .number)
        #expect(number.canonical("4.00") == number.canonical("4"))
        #expect(number.canonical("4.01") != number.canonical("4"))
        let boolean = ComparedForm(sqliteType: "INTEGER", sourceType: "boolean")
        #expect(boolean.canonical("t") == boolean.canonical("1"))
        #expect(boolean.canonical("f") != boolean.canonical("1"))
        let text = ComparedForm(sqliteType: "TEXT", sourceType: "integer")
        #expect(text.canonical("4.00") != text.canonical("4"))
    }
}

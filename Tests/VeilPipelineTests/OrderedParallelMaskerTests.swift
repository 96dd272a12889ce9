import Testing
import VeilCore
import VeilCrypto
import VeilMasking
import VeilProfile
import VeilTestSupport

@testable import VeilPipeline

/// Parallel masking keeps row order, gives the same bytes for any number of jobs, and names the
/// row of a value it cannot mask.
@Suite("Ordered parallel masking")
struct OrderedParallelMaskerTests {
    static let table = TableSchema(
        name: TableName(schema: "public", name: "people"),
        columns: [
            Column(name: "id", type: "integer", isNotNull: true),
            Column(name: "email", type: "text"),
            Column(name: "account", type: "text"),
        ], primaryKey: ["id"])

    static let profileText = """
        version: 1
        keys: { store: keys, passphrase: env:VEIL_PASSPHRASE }
        tables:
          people:
            columns:
              id: keep
              email: hmac
              account: { rule: fpe, short: error }
        """

    static func rows(count: Int, shortAt: Int? = nil) -> [Row] {
        (1...count).map { index in
            let account = index == shortAt ? "12" : String(format: "%010d", index * 7919)
            return [String(index), index % 10 == 0 ? nil : "person\(index)@example.com", account]
        }
    }

    static func run(rows: [Row], jobs: Int, batchSize: Int = 97) throws -> MemoryRowSink {
        let profile = try ProfileLoader.parse(profileText, file: "test.yaml")
        let source = MemoryRowSource(table: table, rows: rows, batchSize: batchSize)
        let plan = try PlanBuilder(profile: profile, schema: try source.schema(), defaultSchema: "public").build()
        let keys = MaskingKeyRing(dataKey: SecureBytes(Array(repeating: 9, count: 32)), keyVersion: 1)
        let transformers = try TransformerCache(plan: plan, keys: keys)
        let sink = MemoryRowSink()
        try OrderedParallelMasker(jobs: jobs).run(
            source: source, sink: sink,
            masker: { data in
                try TableMasker(
                    data: data, action: plan.actions[data.table] ?? .keep,
                    transformers: transformers.transformers(for: data.table))
            },
            didWrite: { _ in })
        return sink
    }

    @Test("rows come out in source order, masked identically with 1 and 4 jobs", arguments: [1, 2, 4])
    func orderAndDeterminism(jobs: Int) throws {
        let input = Self.rows(count: 5_000)
        let reference = try Self.run(rows: input, jobs: 1, batchSize: 500).rows(of: Self.table.name)
        let output = try Self.run(rows: input, jobs: jobs).rows(of: Self.table.name)
        #expect(output.count == input.count)
        #expect(output.map { $0[0] } == input.map { $0[0] })
        #expect(output == reference)
        for (original, masked) in zip(input, output) {
            #expect((masked[1] == nil) == (original[1] == nil))
            if let email = original[1] { #expect(masked[1] != email) }
            #expect(masked[2]?.count == original[2]?.count)
            #expect(masked[2] != original[2])
        }
    }

    @Test("a value its rule cannot mask stops the run naming table, column and row, never the value")
    func errorNamesRow() throws {
        let error = #expect(throws: VeilError.self) {
            try Self.run(rows: Self.rows(count: 1_000, shortAt: 345), jobs: 2)
        }
        #expect(error?.code == .source)
        #expect(error?.location == VeilError.Location(table: Self.table.name, column: "account", row: 345))
        #expect(error?.description.contains("\"12\"") == false)
    }
}

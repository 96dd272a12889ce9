import Foundation
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

    /// A transformer that records how many batches are being masked at once. The first batch waits (up to a second)
    /// for a second one to arrive, so concurrency is seen wherever the masker allows it, even on a busy machine.
    final class ConcurrencyProbe: Transformer, @unchecked Sendable {
        private let lock = NSLock()
        private var running = 0
        private var calls = 0
        private(set) var most = 0

        func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
            let first = lock.withLock {
                running += 1
                calls += 1
                most = max(most, running)
                return calls == 1
            }
            if first {
                for _ in 0..<200 where lock.withLock({ most < 2 }) { usleep(5_000) }
            } else {
                usleep(1_000)
            }
            lock.withLock { running -= 1 }
        }
    }

    @Test("--jobs N masks on N threads at most (and does use several when N allows)", arguments: [1, 3])
    func jobsBoundMaskingThreads(jobs: Int) throws {
        let profile = try ProfileLoader.parse(Self.profileText, file: "test.yaml")
        let source = MemoryRowSource(table: Self.table, rows: Self.rows(count: 2_000), batchSize: 20)
        let plan = try PlanBuilder(profile: profile, schema: try source.schema(), defaultSchema: "public").build()
        let probe = ConcurrencyProbe()
        try OrderedParallelMasker(jobs: jobs).run(
            source: source, sink: MemoryRowSink(),
            masker: { data in
                try TableMasker(
                    data: data, action: plan.actions[data.table] ?? .keep, transformers: ["email": probe])
            },
            didWrite: { _ in })
        #expect(probe.most <= jobs)
        if jobs > 1 { #expect(probe.most > 1, "the probe saw no parallel masking at all") }
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

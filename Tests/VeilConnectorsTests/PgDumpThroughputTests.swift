import Foundation
import Testing
import VeilConnectors
import VeilCore
import VeilTestSupport

/// Throughput of the identity copy. Prints MB/s; meaningful in release builds
/// (`swift test -c release -Xswiftc -enable-testing --filter Throughput`).
@Suite("pg_dump throughput")
struct PgDumpThroughputTests {
    @Test("pagila read + write, identity copy", arguments: [Fixture.pagilaCopy, Fixture.pagilaInserts])
    func identityCopyThroughput(input: String) throws {
        let directory = TemporaryDirectory()
        let bytes = try fileData(input).count
        var best = Double.infinity
        for round in 0..<3 {
            let start = ContinuousClock.now
            try identityCopy(input, to: directory.path("out-\(round).sql"))
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds)
        }
        let megabytes = Double(bytes) / 1_000_000
        let name = URL(fileURLWithPath: input).lastPathComponent
        print(
            "pgdump-throughput \(name): \(String(format: "%.1f", megabytes)) MB "
                + "in \(String(format: "%.3f", best)) s = \(String(format: "%.1f", megabytes / best)) MB/s")
        #expect(best > 0)
    }
}

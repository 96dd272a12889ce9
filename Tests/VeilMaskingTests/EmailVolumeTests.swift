import Foundation
import Testing
import VeilCore

@testable import VeilMasking

@Suite("email volume")
struct EmailVolumeTests {
    /// `count` distinct realistic addresses; every local part appears at four of eight domains.
    static func addresses(_ count: Int) -> [String] {
        let firsts = WordLists.firstNamesForEmail
        let lasts = WordLists.lastNamesForEmail
        let domains = NetworkSamples.domains
        var result: [String] = []
        var seen = Set<String>(minimumCapacity: count / 4)
        result.reserveCapacity(count)
        var index = 0
        while result.count < count {
            let first = firsts[index % firsts.count]
            let last = lasts[(index / firsts.count) % lasts.count]
            let number = index / (firsts.count * lasts.count)
            let local: String
            switch index % 3 {
            case 0: local = "\(first).\(last)\(number == 0 ? "" : String(number))"
            case 1: local = "\(first)_\(last)\(number)"
            default: local = "\(first.prefix(1))\(last)\(number)"
            }
            index += 1
            guard seen.insert(local).inserted else { continue }
            for offset in stride(from: 0, to: 8, by: 2) where result.count < count {
                result.append(local + "@" + domains[(index + offset) % domains.count])
            }
        }
        return result
    }

    /// CPU time used by this process so far (user and system), to compare runs on a busy machine.
    static func cpuSeconds() -> Double {
        Double(clock()) / Double(CLOCKS_PER_SEC)
    }

    @Test func aUniqueColumnOfOneMillionAddressesMasksWithoutDuplicates() throws {
        let inputs = Self.addresses(1_000_000)
        #expect(Set(inputs).count == inputs.count)
        let transformer = try #require(try Fixtures.transformer("email") as? EmailTransformer)
        let start = Date()
        let cpuStart = Self.cpuSeconds()
        // Batches of 10,000 masked in parallel, as the pipeline's workers do.
        let batchStarts = Array(stride(from: 0, to: inputs.count, by: 10_000))
        let results = BatchResults(count: batchStarts.count)
        DispatchQueue.concurrentPerform(iterations: batchStarts.count) { batch in
            let lower = batchStarts[batch]
            var column: [Field] = Array(inputs[lower..<min(inputs.count, lower + 10_000)])
            results.set(
                batch,
                Result { () throws(MaskingError) in
                    try transformer.transform(&column, related: [])
                    return column
                })
        }
        var outputs = Set<String>(minimumCapacity: inputs.count)
        var samples: [(String, String)] = []
        for (batch, lower) in batchStarts.enumerated() {
            let column = try results.get(batch)
            for field in column { outputs.insert(try #require(field)) }
            samples.append((inputs[lower], try #require(column[0])))
        }
        let seconds = Date().timeIntervalSince(start)
        let cpu = Self.cpuSeconds() - cpuStart
        print(
            "email volume: masked \(inputs.count) addresses in \(String(format: "%.2f", seconds)) s wall, "
                + "\(String(format: "%.2f", cpu)) s CPU")
        #expect(outputs.count == inputs.count)
        for (input, output) in samples {
            #expect(try transformer.reveal(output) == input)
        }
    }
}

/// Per-batch results written by concurrent workers, each to its own slot.
private final class BatchResults: @unchecked Sendable {
    private var slots: [Result<[Field], MaskingError>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<[Field], MaskingError>) {
        lock.withLock { slots[index] = result }
    }

    func get(_ index: Int) throws -> [Field] {
        try #require(lock.withLock { slots[index] }).get()
    }
}

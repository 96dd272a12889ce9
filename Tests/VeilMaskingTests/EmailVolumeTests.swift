import Foundation
import Testing
import VeilCore

@testable import VeilMasking

@Suite("email volume")
struct EmailVolumeTests {
    /// One million distinct realistic addresses: every local part appears at several domains.
    static func addresses(_ count: Int) -> [String] {
        let firsts = WordLists.firstNamesForEmail
        let lasts = WordLists.lastNamesForEmail
        let domains = NetworkSamples.domains
        var result: [String] = []
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
            for domain in domains.prefix(4) where result.count < count {
                result.append(local + "@" + (index % 2 == 0 ? domain : domains[4 + index % 4]))
            }
            index += 1
        }
        return result
    }

    @Test func aUniqueColumnOfOneMillionAddressesMasksWithoutDuplicates() throws {
        let inputs = Self.addresses(1_000_000)
        #expect(Set(inputs).count == inputs.count)
        let transformer = try #require(try Fixtures.transformer("email") as? EmailTransformer)
        let start = Date()
        var outputs = Set<String>(minimumCapacity: inputs.count)
        var samples: [(String, String)] = []
        for batchStart in stride(from: 0, to: inputs.count, by: 10_000) {
            var column: [Field] = Array(inputs[batchStart..<min(inputs.count, batchStart + 10_000)])
            try transformer.transform(&column, related: [])
            for field in column { outputs.insert(try #require(field)) }
            samples.append((inputs[batchStart], try #require(column[0])))
        }
        let seconds = Date().timeIntervalSince(start)
        print("email volume: masked \(inputs.count) addresses in \(String(format: "%.2f", seconds)) s")
        #expect(outputs.count == inputs.count)
        for (input, output) in samples {
            #expect(try transformer.reveal(output) == input)
        }
    }
}

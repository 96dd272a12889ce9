import Foundation
import Testing
import VeilCore

@testable import VeilPipeline

/// The leak check's keyed filters: no false negatives, a measured false-positive rate under the documented bound,
/// and the memory bound for 10,000,000 values.
@Suite("Leak filter")
struct LeakFilterTests {
    /// The documented bound of ``BlockedBloomFilter`` at capacity.
    static let falsePositiveBound = 1e-4

    static func value(_ number: Int, _ tag: String) -> String { "\(tag)-\(number)@example.test" }

    @Test("1,000,000 inserted values are all found; 1,000,000 absent ones hit at most at the documented rate")
    func falsePositiveRate() {
        let hasher = LeakHasher()
        let count = 1_000_000
        let filter = BlockedBloomFilter(capacity: count)
        for number in 0..<count { filter.insert(hasher.fingerprint(Self.value(number, "present"))) }
        var missed = 0
        for number in 0..<count where !filter.mayContain(hasher.fingerprint(Self.value(number, "present"))) {
            missed += 1
        }
        #expect(missed == 0)
        var falsePositives = 0
        for number in 0..<count where filter.mayContain(hasher.fingerprint(Self.value(number, "absent"))) {
            falsePositives += 1
        }
        let rate = Double(falsePositives) / Double(count)
        print("leak filter: \(falsePositives) false positives in \(count) absent values (rate \(rate))")
        #expect(rate <= Self.falsePositiveBound)
    }

    @Test("the index for 10,000,000 values allocates at most 64 MiB")
    func memoryForTenMillion() {
        let index = SourceValueIndex(capacity: 10_000_000)
        print("leak filter: \(index.allocatedBytes) bytes for 10,000,000 values")
        #expect(index.allocatedBytes <= 64 * 1024 * 1024)
        #expect(index.values.allocatedBytes * 8 >= 10_000_000 * BlockedBloomFilter.bitsPerValue)
    }

    @Test("the scanner finds a source value inside a longer field, at any offset, and not a shorter part of it")
    func substringHits() {
        let index = SourceValueIndex(capacity: 1000)
        let email = "michael.martinez1@post.example"
        index.add([email, "short", "(201) 739-0024", nil])
        let scanner = OutputFieldScanner(index: index)
        let fingerprint = index.hasher.fingerprint(email)
        #expect(scanner.hits(in: email).map(\.fingerprint).contains(fingerprint))
        let inside = scanner.hits(in: "Prefers contact at \(email), not by phone")
        #expect(inside.map(\.fingerprint) == [fingerprint])
        #expect(inside.first?.start == 19 && inside.first?.length == email.utf8.count)
        #expect(
            scanner.hits(in: "Émilie: call (201) 739-0024").map(\.fingerprint).contains(
                index.hasher.fingerprint("(201) 739-0024")))
        #expect(scanner.hits(in: "michael.martinez1@post.exampl").isEmpty)
        #expect(scanner.hits(in: "a short note").isEmpty)
    }

    @Test("values starting with multi-byte characters pass the first-pair gate; entries inserted apart match add")
    func firstPairsAndEntries() throws {
        let index = SourceValueIndex(capacity: 1000)
        index.add(["Ünïcødé-Straße 12"])
        let apart = "Ærøskøbing Havn 7"
        let bytes = Array(apart.utf8)
        let entry = bytes.withUnsafeBytes { index.entry(for: $0) }
        index.insert([try #require(entry)])
        #expect(bytes.prefix(7).withUnsafeBytes { index.entry(for: $0) } == nil)
        let scanner = OutputFieldScanner(index: index)
        let street = index.hasher.fingerprint("Ünïcødé-Straße 12")
        #expect(scanner.hits(in: "lives at Ünïcødé-Straße 12, 3rd floor").map(\.fingerprint).contains(street))
        #expect(
            scanner.hits(in: "ship to Ærøskøbing Havn 7").map(\.fingerprint).contains(index.hasher.fingerprint(apart)))
        #expect(scanner.hits(in: "ship to Ærøskøbing Havn 8").isEmpty)
    }

    @Test("two checks under different random keys fingerprint the same value differently")
    func keyed() {
        #expect(LeakHasher().fingerprint("4811380843449890") != LeakHasher().fingerprint("4811380843449890"))
        let fixed = LeakHasher(key: [1, 2, 3, 4])
        #expect(fixed.fingerprint("4811380843449890") == LeakHasher(key: [1, 2, 3, 4]).fingerprint("4811380843449890"))
    }

    @Test("the index records every byte length added, below, at and above 64 and 128, over several inserts")
    func lengths() {
        let index = SourceValueIndex(capacity: 1_000)
        let lengths = [8, 9, 63, 64, 65, 127, 128, 129, 500, 4_000]
        for group in [Array(lengths.prefix(4)), Array(lengths.dropFirst(4)), [9, 128]] {
            index.add(group.map { String(repeating: "é", count: $0 / 2) + String(repeating: "x", count: $0 % 2) })
        }
        index.add(["short", nil])
        #expect(index.lengths == lengths)
    }
}

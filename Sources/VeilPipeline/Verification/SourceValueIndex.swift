import Foundation
import VeilCore

/// The keyed, memory-bounded set of a check's source values: every value of eight or more bytes of a watched
/// column (see ``LeakScope``) (its fingerprint in ``values``, its first eight bytes in ``prefixes``, its length in
/// ``lengths``).
///
/// Holds fingerprints only, under the check's random key (see ``LeakHasher``), never a value. Memory: two
/// ``BlockedBloomFilter``s of `capacity` (32 MiB each for 10,000,000 values).
/// Thread-safe: masking workers add batches concurrently.
package final class SourceValueIndex: @unchecked Sendable {
    /// The shortest source value searched for inside output fields (DESIGN: eight characters).
    static let minimumLength = 8

    let hasher: LeakHasher
    let values: BlockedBloomFilter
    let prefixes: BlockedBloomFilter
    /// One bit per pair of first bytes some value starts with (65,536 bits, 8 KiB: stays in the L1 cache). Exact,
    /// not hashed: the output scan tests it before it hashes a window, and most positions of ordinary text fail it.
    private let firstPairs: UnsafeMutablePointer<UInt64>
    private let lock = NSLock()
    private var lengthSet = Set<Int>()
    private var frozenLengths: [Int]?

    package init(capacity: Int, hasher: LeakHasher = LeakHasher()) {
        self.hasher = hasher
        values = BlockedBloomFilter(capacity: capacity)
        prefixes = BlockedBloomFilter(capacity: capacity)
        firstPairs = .allocate(capacity: 1024)
        firstPairs.initialize(repeating: 0, count: 1024)
    }

    deinit { firstPairs.deallocate() }

    /// Whether some watched value starts with the two bytes of `pair` (first byte in the low eight bits).
    @inline(__always)
    func mayStart(with pair: Int) -> Bool {
        firstPairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0
    }

    package var allocatedBytes: Int { values.allocatedBytes + prefixes.allocatedBytes }

    /// A watched value's keyed hashes, computed outside the lock, inserted by ``insert(_:)``.
    struct Entry {
        let value: UInt64
        let prefix: UInt64
        let length: Int
        let pair: Int
    }

    /// The entry of a watched value's bytes; nil for a value shorter than ``minimumLength``.
    @inline(__always)
    func entry(for raw: UnsafeRawBufferPointer) -> Entry? {
        guard raw.count >= Self.minimumLength else { return nil }
        return Entry(
            value: hasher.fingerprint(raw), prefix: hasher.window(raw.loadUnaligned(as: UInt64.self)),
            length: raw.count, pair: Int(raw[0]) | Int(raw[1]) << 8)
    }

    /// Inserts watched values' entries (from any thread).
    func insert(_ entries: [Entry]) {
        lock.withLock { insertLocked(entries) }
    }

    private func insertLocked(_ entries: [Entry]) {
        // Lengths below 128 are gathered in two local words and put into `lengthSet` once per call: a `Set` insert
        // (a hash, and an exclusivity check of the property) per value cost more than the filters' own inserts.
        var shortLengths: (UInt64, UInt64) = (0, 0)
        var touched: UInt64 = 0
        var start = 0
        while start < entries.count {
            // Touch a group's blocks first, so their cache misses overlap; then insert into them.
            let end = min(start + Self.touchGroup, entries.count)
            for entry in entries[start..<end] { touched |= values.touch(entry.value) | prefixes.touch(entry.prefix) }
            for entry in entries[start..<end] {
                values.insert(entry.value)
                prefixes.insert(entry.prefix)
                switch entry.length {
                case ..<64: shortLengths.0 |= 1 << UInt64(entry.length)
                case ..<128: shortLengths.1 |= 1 << UInt64(entry.length - 64)
                default: lengthSet.insert(entry.length)
                }
                firstPairs[entry.pair >> 6] |= 1 << UInt64(entry.pair & 63)
            }
            start = end
        }
        touchedBits |= touched
        for length in 0..<128 where (length < 64 ? shortLengths.0 >> length : shortLengths.1 >> (length - 64)) & 1 != 0
        {
            lengthSet.insert(length)
        }
    }

    /// Entries whose blocks are touched together before they are inserted.
    private static let touchGroup = 16
    /// Keeps the touching reads from being optimized away; means nothing.
    private var touchedBits: UInt64 = 0

    /// Adds one watched column's values (a batch).
    package func add(_ column: [Field]) {
        var hashed: [Entry] = []
        hashed.reserveCapacity(column.count)
        for field in column {
            guard var text = field else { continue }
            text.withUTF8 { bytes in
                if let entry = entry(for: UnsafeRawBufferPointer(bytes)) { hashed.append(entry) }
            }
        }
        insert(hashed)
    }

    /// Whether a value has a character that is not an ASCII letter (a digit, `@`, a space, punctuation).
    static func isDistinctive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.contains { byte in byte < 0x80 && !((byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)) }
    }

    /// Whether an output equal to its own row's original counts as a leak: always, except for a single short word
    /// of letters (under eight bytes, letters only), which a synthetic rule drawing from a word list gives back by
    /// chance (`Jones` → `Jones`): like another row's short original (DESIGN), a coincidence no reader can tell
    /// from any other output, not a leak.
    static func isJudgedInPlace(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= minimumLength || isDistinctive(bytes)
    }

    static func isJudgedInPlace(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isJudgedInPlace(UnsafeRawBufferPointer($0)) }
    }

    /// The byte lengths of the values added, ascending; fixed by the first call (after the last add).
    var lengths: [Int] {
        lock.withLock {
            if let frozenLengths { return frozenLengths }
            let sorted = lengthSet.sorted()
            frozenLengths = sorted
            return sorted
        }
    }
}

import Foundation
import VeilCore

/// The keyed, memory-bounded set of a check's source values: every value of eight or more bytes of a watched
/// column (see ``LeakScope``) (its fingerprint in ``values``, its first eight bytes in ``prefixes``, its length in
/// ``lengths``), and for `veil verify` every value's place (table, column, row) in ``places``.
///
/// Holds fingerprints only, under the check's random key (see ``LeakHasher``), never a value. Memory: two
/// ``BlockedBloomFilter``s of `capacity` (32 MiB each for 10,000,000 values), three with places.
/// Thread-safe: masking workers add batches concurrently.
final class SourceValueIndex: @unchecked Sendable {
    /// The shortest source value searched for inside output fields (DESIGN: eight characters).
    static let minimumLength = 8

    let hasher: LeakHasher
    let values: BlockedBloomFilter
    let prefixes: BlockedBloomFilter
    let places: BlockedBloomFilter?
    private let lock = NSLock()
    private var lengthSet = Set<Int>()
    private var frozenLengths: [Int]?

    init(capacity: Int, withPlaces: Bool = false, hasher: LeakHasher = LeakHasher()) {
        self.hasher = hasher
        values = BlockedBloomFilter(capacity: capacity)
        prefixes = BlockedBloomFilter(capacity: capacity)
        places = withPlaces ? BlockedBloomFilter(capacity: capacity) : nil
    }

    var allocatedBytes: Int { values.allocatedBytes + prefixes.allocatedBytes + (places?.allocatedBytes ?? 0) }

    /// Adds one column's values (a batch): to the substring search when `watched`, and with their places when
    /// `place` (the column's ``placeKey(table:column:)``) is given, for the same-row check through the filter
    /// (`veil verify`).
    func add(_ column: [Field], watched: Bool = true, place: UInt64? = nil, firstRowNumber: Int = 1) {
        var hashed: [(value: UInt64, prefix: UInt64, length: Int)] = []
        var placed: [UInt64] = []
        hashed.reserveCapacity(column.count)
        for (index, field) in column.enumerated() {
            guard var text = field, !text.isEmpty else { continue }
            text.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                let fingerprint = hasher.fingerprint(raw)
                if let place, Self.isJudgedInPlace(raw) { placed.append(hasher.placed(fingerprint, place: place, row: firstRowNumber + index)) }
                guard watched, raw.count >= Self.minimumLength else { return }
                let prefix = hasher.window(raw.loadUnaligned(as: UInt64.self))
                hashed.append((fingerprint, prefix, raw.count))
            }
        }
        lock.withLock {
            for entry in hashed {
                values.insert(entry.value)
                prefixes.insert(entry.prefix)
                lengthSet.insert(entry.length)
            }
            if let places { for key in placed { places.insert(key) } }
        }
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

    /// The key of a column's place, combined with a row and a value by ``LeakHasher/placed(_:place:row:)``.
    func placeKey(table: String, column: String) -> UInt64 {
        hasher.fingerprint(table + "\u{0}" + column)
    }
}

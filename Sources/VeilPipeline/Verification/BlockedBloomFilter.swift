import Foundation

/// A blocked Bloom filter over 64-bit keyed fingerprints: each fingerprint sets and tests
/// ``bitsPerFingerprint`` bits inside one 512-bit block (one cache line), so a lookup costs one memory access.
///
/// Sizing: ``init(capacity:)`` gives at least ``bitsPerValue`` (26) bits per expected value, rounded up to a power
/// of two blocks; 10,000,000 values take 32 MiB (two filters, values and prefixes, take 64 MiB). At 26 bits per
/// value and 8 bits per fingerprint a classic Bloom filter's false-positive rate is about 5e-5; blocking raises it
/// a little: the documented bound is 1e-4 at capacity (measured: 3.4e-5 at 10,000,000, 1.7e-5 at 1,000,000) (`LeakFilterTests` measures it over 1,000,000 absent
/// values). A false positive never fails a run: every hit is confirmed exactly (see ``LeakConfirmation``).
///
/// Inserts from several threads need outside locking (``SourceValueIndex`` holds one); lookups after the last
/// insert are safe from any thread.
final class BlockedBloomFilter: @unchecked Sendable {
    static let bitsPerValue = 26
    static let bitsPerFingerprint = 8
    private static let wordsPerBlock = 8

    private let words: UnsafeMutablePointer<UInt64>
    /// A power of two.
    let blockCount: Int

    /// A filter for about `capacity` fingerprints (more may be inserted, at a higher false-positive rate).
    init(capacity: Int) {
        let bits = max(capacity, 1) * Self.bitsPerValue
        var blocks = 1
        while blocks * 512 < bits { blocks <<= 1 }
        blockCount = blocks
        // calloc: pages a small run never touches are never backed by memory.
        guard let raw = calloc(blocks * Self.wordsPerBlock, MemoryLayout<UInt64>.size) else {
            fatalError("cannot allocate the leak filter")
        }
        words = raw.assumingMemoryBound(to: UInt64.self)
    }

    deinit { free(words) }

    /// The bytes the filter's bit array takes.
    var allocatedBytes: Int { blockCount * Self.wordsPerBlock * MemoryLayout<UInt64>.size }

    /// The block (from the fingerprint's high 32 bits) and the eight bit positions inside it, nine bits each:
    /// three from the fingerprint's low bits, five from a second mix of it (independent positions; a double-hashing
    /// progression would make whole patterns collide).
    @inline(__always)
    private func locate(_ fingerprint: UInt64) -> (block: Int, low: UInt64, mixed: UInt64) {
        let block = Int(truncatingIfNeeded: ((fingerprint >> 32) &* UInt64(blockCount)) >> 32)
        var mixed = (fingerprint ^ (fingerprint >> 31)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 29
        return (block, fingerprint, mixed)
    }

    @inline(__always)
    private static func bit(_ probe: Int, low: UInt64, mixed: UInt64) -> Int {
        probe < 3 ? Int(truncatingIfNeeded: (low >> UInt64(9 * probe)) & 511)
            : Int(truncatingIfNeeded: (mixed >> UInt64(9 * (probe - 3) + 19)) & 511)
    }

    func insert(_ fingerprint: UInt64) {
        let (block, low, mixed) = locate(fingerprint)
        let base = words + block * Self.wordsPerBlock
        for probe in 0..<Self.bitsPerFingerprint {
            let bit = Self.bit(probe, low: low, mixed: mixed)
            base[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    /// False when the fingerprint was never inserted; true when it was, or (rarely) by chance.
    @inline(__always)
    func mayContain(_ fingerprint: UInt64) -> Bool {
        let (block, low, mixed) = locate(fingerprint)
        let base = words + block * Self.wordsPerBlock
        for probe in 0..<Self.bitsPerFingerprint {
            let bit = Self.bit(probe, low: low, mixed: mixed)
            if base[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }
}

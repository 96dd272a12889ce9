import Foundation

/// A blocked Bloom filter over 64-bit keyed fingerprints: each fingerprint sets and tests
/// ``bitsPerFingerprint`` bits inside one 512-bit block (one cache line), so a lookup costs one memory access.
///
/// Sizing: ``init(capacity:)`` gives at least ``bitsPerValue`` (26) bits per expected value, rounded up to a power
/// of two blocks; 10,000,000 values take 32 MiB (two filters, values and prefixes, take 64 MiB). At 26 bits per
/// value and 8 bits per fingerprint a classic Bloom filter's false-positive rate is about 5e-5; blocking raises it
/// a little: the documented bound is 3e-4 at capacity (`LeakFilterTests` measures it over 1,000,000 absent
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

    @inline(__always)
    private func locate(_ fingerprint: UInt64) -> (block: Int, a: UInt32, b: UInt32) {
        let block = Int(truncatingIfNeeded: ((fingerprint >> 32) &* UInt64(blockCount)) >> 32)
        let mixed = (fingerprint ^ (fingerprint >> 31)) &* 0x94D0_49BB_1331_11EB
        return (block, UInt32(truncatingIfNeeded: fingerprint), UInt32(truncatingIfNeeded: mixed >> 32) | 1)
    }

    func insert(_ fingerprint: UInt64) {
        let (block, a, b) = locate(fingerprint)
        let base = words + block * Self.wordsPerBlock
        for probe in 0..<UInt32(Self.bitsPerFingerprint) {
            let bit = Int((a &+ probe &* b) & 511)
            base[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    /// False when the fingerprint was never inserted; true when it was, or (rarely) by chance.
    func mayContain(_ fingerprint: UInt64) -> Bool {
        let (block, a, b) = locate(fingerprint)
        let base = words + block * Self.wordsPerBlock
        for probe in 0..<UInt32(Self.bitsPerFingerprint) {
            let bit = Int((a &+ probe &* b) & 511)
            if base[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }
}

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
    private let mapping: (base: UnsafeMutableRawPointer, size: Int)?
    /// A power of two.
    let blockCount: Int

    /// A filter for about `capacity` fingerprints (more may be inserted, at a higher false-positive rate).
    init(capacity: Int) {
        let bits = max(capacity, 1) * Self.bitsPerValue
        var blocks = 1
        while blocks * 512 < bits { blocks <<= 1 }
        blockCount = blocks
        let bytes = blocks * Self.wordsPerBlock * MemoryLayout<UInt64>.size
        if let mapped = Self.hugePageMapping(bytes: bytes) {
            mapping = mapped.mapping
            words = mapped.words
            return
        }
        // calloc: pages a small run never touches are never backed by memory.
        guard let raw = calloc(blocks * Self.wordsPerBlock, MemoryLayout<UInt64>.size) else {
            fatalError("cannot allocate the leak filter")
        }
        mapping = nil
        words = raw.assumingMemoryBound(to: UInt64.self)
    }

    deinit {
        if let mapping { munmap(mapping.base, mapping.size) } else { free(words) }
    }

    /// A large filter's bits in zeroed anonymous memory aligned to 2 MiB and marked for transparent huge pages
    /// (Linux): every lookup and insert lands on a random block, and with 4 KiB pages each would also miss the
    /// TLB. Nil below 4 MiB or where the system offers no such mapping (then `calloc`).
    private static func hugePageMapping(
        bytes: Int
    ) -> (mapping: (base: UnsafeMutableRawPointer, size: Int), words: UnsafeMutablePointer<UInt64>)? {
        #if os(Linux)
            let hugePage = 2 << 20
            guard bytes >= 2 * hugePage else { return nil }
            let size = bytes + hugePage
            guard let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                base != MAP_FAILED
            else { return nil }
            let offset = (hugePage - Int(bitPattern: base) % hugePage) % hugePage
            let aligned = base + offset
            _ = madvise(aligned, bytes, Int32(MADV_HUGEPAGE))
            return ((base, size), aligned.bindMemory(to: UInt64.self, capacity: bytes / 8))
        #else
            return nil
        #endif
    }

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
        probe < 3
            ? Int(truncatingIfNeeded: (low >> UInt64(9 * probe)) & 511)
            : Int(truncatingIfNeeded: (mixed >> UInt64(9 * (probe - 3) + 19)) & 511)
    }

    /// Reads the first word of the fingerprint's block: touching the blocks of several fingerprints before
    /// inserting them lets their cache misses overlap instead of coming one after another.
    @inline(__always)
    func touch(_ fingerprint: UInt64) -> UInt64 {
        words[locate(fingerprint).block * Self.wordsPerBlock]
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

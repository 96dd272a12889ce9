import VeilCrypto

/// An IP address as bits (most significant first), split into kept prefix bits and free bits.
///
/// The free bits are the ones `ipv4` and `ipv6` encrypt: from `keep_prefix` to the end of the
/// address, or on a `cidr` column to the value's own prefix length (its host bits are zero and stay so).
struct AddressBits {
    var bits: [UInt16]
    let free: Range<Int>

    init(bits: [UInt16], keepPrefix: Int, end: Int? = nil) {
        self.bits = bits
        let upper = min(bits.count, end ?? bits.count)
        let lower = min(keepPrefix, upper)
        free = lower..<upper
    }

    var freeBits: [UInt16] { Array(bits[free]) }

    /// Address width, free range and the kept bits, as the FF1 tweak.
    var tweak: [UInt8] {
        var bytes = [UInt8(bits.count), UInt8(free.lowerBound), UInt8(free.upperBound)]
        var byte: UInt8 = 0
        for (index, bit) in bits[..<free.lowerBound].enumerated() {
            byte = byte << 1 | UInt8(bit)
            if index % 8 == 7 {
                bytes.append(byte)
                byte = 0
            }
        }
        bytes.append(byte)
        return bytes
    }

    /// True when every free bit is the same: the network (all 0) or broadcast (all 1) address of the
    /// kept prefix. Those stay as they are; every other address maps to another that is neither.
    static func isEdge(_ free: [UInt16]) -> Bool {
        free.allSatisfy { $0 == free.first }
    }

    func with(free replacement: [UInt16]) -> [UInt16] {
        var result = bits
        result.replaceSubrange(free, with: replacement)
        return result
    }

    static func bits<Word: FixedWidthInteger>(of words: [Word]) -> [UInt16] {
        words.flatMap { word in (0..<Word.bitWidth).reversed().map { UInt16(word >> $0 & 1) } }
    }

    static func words<Word: FixedWidthInteger>(of bits: [UInt16], as _: Word.Type) -> [Word] {
        stride(from: 0, to: bits.count, by: Word.bitWidth).map { start in
            bits[start..<start + Word.bitWidth].reduce(Word.zero) { $0 << 1 | Word($1) }
        }
    }
}

/// Encrypts the free bits of IP addresses: FF1 over radix 2 when at least 20 bits are free
/// (2^20 >= 10^6), otherwise a keyed one-way mapping. Network and broadcast addresses of the kept
/// prefix (all free bits equal) stay as they are, and cycle walking keeps every other address away from
/// them, so the mapping stays one-to-one.
struct AddressBitsCipher: Sendable {
    static let minimumFree = 20

    let batcher: FF1Batcher
    let shortSeed: KeyedSeed

    init(keys: DomainKeys, label: String) throws(RuleConfigurationError) {
        do {
            batcher = FF1Batcher(cipher: try FF1(key: keys.fpeKey, radix: 2))
        } catch {
            throw RuleConfigurationError("FF1 could not be set up for the domain key")
        }
        shortSeed = KeyedSeed(hmac: keys.hmac, label: label)
    }

    /// The masked bits of every address.
    /// - Parameter sources: each address's text, seeding the one-way mapping of short free parts.
    /// - Throws: ``FF1Failure`` naming the index in `addresses`.
    func encrypt(_ addresses: [AddressBits], sources: [String]) throws(FF1Failure) -> [[UInt16]] {
        var results = addresses.map(\.bits)
        var jobs: [FF1Job] = []
        var owners: [Int] = []
        for (index, address) in addresses.enumerated() {
            let free = address.freeBits
            guard !AddressBits.isEdge(free) else { continue }
            if free.count >= Self.minimumFree {
                jobs.append(FF1Job(numerals: free, tweak: address.tweak))
                owners.append(index)
            } else {
                var random = shortSeed.random(sources[index])
                results[index] = address.with(
                    free: OneWayFormatMapping.map(free, radix: 2, random: &random, classify: AddressBits.isEdge))
            }
        }
        try batcher.run(&jobs) { _, numerals in AddressBits.isEdge(numerals) }
        for (job, index) in owners.enumerated() {
            results[index] = addresses[index].with(free: jobs[job].numerals)
        }
        return results
    }

    /// The original bits of a masked address.
    func decrypt(_ address: AddressBits) throws(ValueError) -> [UInt16] {
        let free = address.freeBits
        guard !AddressBits.isEdge(free) else { return address.bits }
        guard free.count >= Self.minimumFree else {
            throw ValueError("too few free bits to have been encrypted reversibly")
        }
        var jobs = [FF1Job(numerals: free, tweak: address.tweak)]
        do {
            try batcher.run(&jobs, decrypting: true) { _, numerals in AddressBits.isEdge(numerals) }
        } catch {
            throw ValueError(error.reason)
        }
        return address.with(free: jobs[0].numerals)
    }
}

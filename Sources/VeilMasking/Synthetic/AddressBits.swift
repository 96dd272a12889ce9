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

    /// The bits of `words`, most significant first.
    static func bits(of words: [UInt16]) -> [UInt16] {
        var result = [UInt16](repeating: 0, count: words.count * 16)
        for (index, word) in words.enumerated() {
            for bit in 0..<16 { result[index * 16 + bit] = word >> (15 - bit) & 1 }
        }
        return result
    }

    static func bits(of word: UInt32) -> [UInt16] {
        var result = [UInt16](repeating: 0, count: 32)
        for bit in 0..<32 { result[bit] = UInt16(truncatingIfNeeded: word >> (31 - bit) & 1) }
        return result
    }

    /// 16-bit words of `bits` (a multiple of 16 long).
    static func groups(of bits: [UInt16]) -> [UInt16] {
        var result = [UInt16](repeating: 0, count: bits.count / 16)
        for index in bits.indices { result[index / 16] = result[index / 16] << 1 | bits[index] }
        return result
    }

    static func word(of bits: [UInt16]) -> UInt32 {
        var result: UInt32 = 0
        for bit in bits { result = result << 1 | UInt32(bit) }
        return result
    }
}

/// Encrypts the free bits of IP addresses: FF1 when at least 20 bits are free (2^20 >= 10^6),
/// otherwise a keyed one-way mapping. FF1 runs over hex digits (radix 16) when the free bits are a whole
/// number of nibbles (fewer, larger numerals: a quarter of the arbitrary-precision work on 128 bits) and
/// over bits (radix 2) otherwise; the choice depends only on the free range, so it is the same for
/// encryption and decryption. Network and broadcast addresses of the kept prefix (all free bits equal)
/// stay as they are, and cycle walking keeps every other address away from them, so the mapping stays
/// one-to-one.
struct AddressBitsCipher: Sendable {
    static let minimumFree = 20

    let bitBatcher: FF1Batcher
    let nibbleBatcher: FF1Batcher
    let shortSeed: KeyedSeed

    init(keys: DomainKeys, label: String) throws(RuleConfigurationError) {
        do {
            bitBatcher = FF1Batcher(cipher: try FF1(key: keys.fpeKey, radix: 2))
            nibbleBatcher = FF1Batcher(cipher: try FF1(key: keys.fpeKey, radix: 16))
        } catch {
            throw RuleConfigurationError("FF1 could not be set up for the domain key")
        }
        shortSeed = KeyedSeed(hmac: keys.hmac, label: label)
    }

    /// Whether FF1 runs over nibbles for this free range.
    private static func usesNibbles(_ address: AddressBits) -> Bool {
        address.free.count % 4 == 0
    }

    private static func nibbles(_ bits: [UInt16]) -> [UInt16] {
        stride(from: 0, to: bits.count, by: 4).map {
            bits[$0] << 3 | bits[$0 + 1] << 2 | bits[$0 + 2] << 1 | bits[$0 + 3]
        }
    }

    private static func bits(_ nibbles: [UInt16]) -> [UInt16] {
        nibbles.flatMap { [$0 >> 3 & 1, $0 >> 2 & 1, $0 >> 1 & 1, $0 & 1] }
    }

    /// ``AddressBits/isEdge(_:)`` for nibbles: all 0 or all 0xF.
    private static func isEdgeNibbles(_ nibbles: [UInt16]) -> Bool {
        nibbles.allSatisfy { $0 == 0 } || nibbles.allSatisfy { $0 == 0xF }
    }

    /// The masked bits of every address.
    /// - Parameter sources: each address's text, seeding the one-way mapping of short free parts.
    /// - Throws: ``FF1Failure`` naming the index in `addresses`.
    func encrypt(_ addresses: [AddressBits], sources: [String]) throws(FF1Failure) -> [[UInt16]] {
        var results = addresses.map(\.bits)
        var bitJobs: [FF1Job] = []
        var bitOwners: [Int] = []
        var nibbleJobs: [FF1Job] = []
        var nibbleOwners: [Int] = []
        for (index, address) in addresses.enumerated() {
            let free = address.freeBits
            guard !AddressBits.isEdge(free) else { continue }
            if free.count < Self.minimumFree {
                var random = shortSeed.random(sources[index])
                results[index] = address.with(
                    free: OneWayFormatMapping.map(free, radix: 2, random: &random, classify: AddressBits.isEdge))
            } else if Self.usesNibbles(address) {
                nibbleJobs.append(FF1Job(numerals: Self.nibbles(free), tweak: address.tweak))
                nibbleOwners.append(index)
            } else {
                bitJobs.append(FF1Job(numerals: free, tweak: address.tweak))
                bitOwners.append(index)
            }
        }
        do {
            try bitBatcher.run(&bitJobs) { _, numerals in AddressBits.isEdge(numerals) }
        } catch {
            throw FF1Failure(jobIndex: bitOwners[error.jobIndex], reason: error.reason)
        }
        do {
            try nibbleBatcher.run(&nibbleJobs) { _, numerals in Self.isEdgeNibbles(numerals) }
        } catch {
            throw FF1Failure(jobIndex: nibbleOwners[error.jobIndex], reason: error.reason)
        }
        for (job, index) in bitOwners.enumerated() {
            results[index] = addresses[index].with(free: bitJobs[job].numerals)
        }
        for (job, index) in nibbleOwners.enumerated() {
            results[index] = addresses[index].with(free: Self.bits(nibbleJobs[job].numerals))
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
        do {
            if Self.usesNibbles(address) {
                var jobs = [FF1Job(numerals: Self.nibbles(free), tweak: address.tweak)]
                try nibbleBatcher.run(&jobs, decrypting: true) { _, numerals in Self.isEdgeNibbles(numerals) }
                return address.with(free: Self.bits(jobs[0].numerals))
            }
            var jobs = [FF1Job(numerals: free, tweak: address.tweak)]
            try bitBatcher.run(&jobs, decrypting: true) { _, numerals in AddressBits.isEdge(numerals) }
            return address.with(free: jobs[0].numerals)
        } catch {
            throw ValueError(error.reason)
        }
    }
}

import VeilCrypto

/// A run of numerals of one radix inside a formatted value: the digits of an IBAN, its letters, the
/// free bits of a UUID's variant nibble, one `{alphabet}` group of an `fpe` template.
struct NumeralGroup: Equatable {
    var radix: Int
    var numerals: [UInt16]

    /// `radix^count`, or `nil` when it reaches FF1's minimum domain (10^6).
    var smallSize: Int? {
        var size = 1
        var count = 0
        while count < numerals.count {
            size *= radix
            if size >= FF1.minimumDomainSize { return nil }
            count += 1
        }
        return size
    }

    /// Whether FF1 can encrypt the group on its own (at least 10^6 possibilities).
    var isLarge: Bool { smallSize == nil }
}

/// Encrypts the numeral groups of a value as one keyed bijection, so mixed formats (digits and
/// letters of an IBAN, hex digits and variant bits of a UUID) keep every character class in place.
///
/// The groups are processed one at a time, like the rounds of a Feistel network: first every *large*
/// group (at least 10^6 possibilities) in order, then every *small* one.
/// - A large group is first whitened, when the value has other groups: each numeral is shifted (mod the
///   radix) by a keyed stream drawn from `HMAC(label, context ‖ index ‖ other groups)`, so equal
///   numerals next to different other groups encrypt unrelatedly; then it is encrypted with FF1 of its
///   radix, tweaked by the value's context (its kept parts, or a caller-chosen part of them) and the
///   group's index. The tweak leaves out the other groups so a column's values share FF1's batch path.
/// - A small group is shifted by a keyed offset modulo `radix^count` drawn from `HMAC(label, context ‖
///   index ‖ other groups)`, where the other groups now include the large ones' FF1 output, which itself
///   depends on the small group's original value.
/// Each step changes one group as a permutation determined by the others, which it leaves alone, so the
/// whole is a permutation of the value space; decrypting runs the inverse steps in reverse order. A
/// value with no large group is not encrypted here: callers map it one-way (see ``isReversible(_:)``).
struct GroupedFormatCipher: Sendable {
    private let batchers: [Int: FF1Batcher]
    private let offsetSeed: KeyedSeed
    private let whiteningSeed: KeyedSeed

    /// - Parameters:
    ///   - radices: the radices of the groups that may be large (one FF1 instance each).
    ///   - label: domain separation for the keyed shifts (`iban`, `uuid`...).
    init(fpeKey: SecureBytes, hmac: HMACSHA256, label: String, radices: Set<Int>) throws(RuleConfigurationError) {
        var batchers: [Int: FF1Batcher] = [:]
        for radix in radices {
            do {
                batchers[radix] = FF1Batcher(cipher: try FF1(key: fpeKey, radix: radix))
            } catch {
                throw RuleConfigurationError("FF1 could not be set up for radix \(radix)")
            }
        }
        self.batchers = batchers
        offsetSeed = KeyedSeed(hmac: hmac, label: "\(label).offset")
        whiteningSeed = KeyedSeed(hmac: hmac, label: "\(label).whitening")
    }

    /// The FF1 instance of a radix given at ``init(fpeKey:hmac:label:radices:)`` (for a rule's fast path for values
    /// with one group, which FF1 encrypts alone).
    func cipher(radix: Int) -> FF1? { batchers[radix]?.cipher }

    /// Whether values with these groups are encrypted reversibly: at least one group is large.
    static func isReversible(_ groups: [NumeralGroup]) -> Bool {
        groups.contains(where: \.isLarge)
    }

    /// Encrypts (or decrypts) every value's groups in place.
    /// - Parameters:
    ///   - values: each value's groups; every value must have a large group (``isReversible(_:)``).
    ///   - contexts: each value's kept parts as bytes (country, layout, kept prefix...); part of every
    ///     keyed shift, and of every FF1 tweak unless `tweaks` is given.
    ///   - tweaks: each value's FF1 tweak base when it should leave out part of the context (an IBAN's
    ///     digit/letter layout, which then reaches FF1 through the whitening only, so a country's IBANs
    ///     share FF1's batch path).
    /// - Throws: ``FF1Failure`` naming the value (by index) FF1 refused.
    func run(
        _ values: inout [[NumeralGroup]], contexts: [[UInt8]], tweaks: [[UInt8]]? = nil, decrypting: Bool = false
    ) throws(FF1Failure) {
        let orders = values.map(Self.order)
        let rounds = orders.map(\.count).max() ?? 0
        for round in 0..<rounds {
            var jobs: [Int: [FF1Job]] = [:]
            var owners: [Int: [(value: Int, group: Int)]] = [:]
            // Whitening streams by (context, group, other groups): many values share them (a UUID's variant bits).
            var streams: [[UInt8]: [UInt16]] = [:]
            for value in values.indices where round < orders[value].count {
                let order = orders[value]
                let group = order[decrypting ? order.count - 1 - round : round]
                let radix = values[value][group].radix
                if values[value][group].isLarge {
                    if !decrypting {
                        whiten(&values[value][group], context: contexts[value], values[value], group, &streams)
                    }
                    let tweak = (tweaks?[value] ?? contexts[value]) + [0xFF, UInt8(truncatingIfNeeded: group)]
                    jobs[radix, default: []].append(FF1Job(numerals: values[value][group].numerals, tweak: tweak))
                    owners[radix, default: []].append((value, group))
                } else {
                    let message = Self.message(contexts[value], values[value], changing: group)
                    shift(&values[value][group], by: message, decrypting: decrypting)
                }
            }
            for radix in jobs.keys.sorted() {
                guard var radixJobs = jobs[radix], let members = owners[radix] else { continue }
                guard let batcher = batchers[radix] else {
                    throw FF1Failure(jobIndex: members[0].value, reason: "no FF1 cipher for radix \(radix)")
                }
                do {
                    try batcher.run(&radixJobs, decrypting: decrypting)
                } catch {
                    throw FF1Failure(jobIndex: members[error.jobIndex].value, reason: error.reason)
                }
                for (index, member) in members.enumerated() {
                    values[member.value][member.group].numerals = radixJobs[index].numerals
                    if decrypting {
                        let context = contexts[member.value]
                        whiten(
                            &values[member.value][member.group], context: context, values[member.value],
                            member.group, &streams, removing: true)
                    }
                }
            }
        }
    }

    /// Large groups first, then small ones, each in index order.
    private static func order(_ groups: [NumeralGroup]) -> [Int] {
        var large: [Int] = []
        var small: [Int] = []
        var index = 0
        while index < groups.count {
            if groups[index].isLarge {
                large.append(index)
            } else if !groups[index].numerals.isEmpty {
                small.append(index)
            }
            index += 1
        }
        return large + small
    }

    /// The context, the index of the group being changed, and every other group's count and numerals.
    private static func message(_ context: [UInt8], _ groups: [NumeralGroup], changing changed: Int) -> [UInt8] {
        var bytes = context
        bytes.reserveCapacity(context.count + 64)
        bytes.append(0xFF)
        bytes.append(UInt8(truncatingIfNeeded: changed))
        var index = 0
        while index < groups.count {
            defer { index += 1 }
            guard index != changed else { continue }
            let numerals = groups[index].numerals
            let wide = groups[index].radix > 256
            bytes.append(UInt8(truncatingIfNeeded: index))
            bytes.append(UInt8(truncatingIfNeeded: numerals.count >> 8))
            bytes.append(UInt8(truncatingIfNeeded: numerals.count))
            var position = 0
            while position < numerals.count {
                if wide { bytes.append(UInt8(numerals[position] >> 8)) }
                bytes.append(UInt8(truncatingIfNeeded: numerals[position]))
                position += 1
            }
        }
        return bytes
    }

    /// Adds (or removes) the keyed whitening stream of a large group; nothing when it is the only group.
    private func whiten(
        _ group: inout NumeralGroup, context: [UInt8], _ groups: [NumeralGroup], _ index: Int,
        _ streams: inout [[UInt8]: [UInt16]], removing: Bool = false
    ) {
        var hasOthers = false
        var other = 0
        while other < groups.count && !hasOthers {
            hasOthers = other != index && !groups[other].numerals.isEmpty
            other += 1
        }
        guard hasOthers else { return }
        let message = Self.message(context, groups, changing: index)
        let radix = group.radix
        let stream: [UInt16]
        if let cached = streams[message], cached.count == group.numerals.count {
            stream = cached
        } else {
            stream = message.withUnsafeBytes { whiteningStream(message: $0, count: group.numerals.count, radix: radix) }
            // Worth keeping only while few distinct streams occur (a UUID's variant bits), not one per value.
            if streams.count < 64 { streams[message] = stream }
        }
        var offset = 0
        while offset < stream.count {
            let numeral = Int(group.numerals[offset])
            let shift = Int(stream[offset])
            group.numerals[offset] = UInt16(removing ? (numeral - shift + radix) % radix : (numeral + shift) % radix)
            offset += 1
        }
    }

    /// The numerals (below `radix`) added to a large group's before FF1 encrypts it: drawn from the keyed digest of
    /// `message` (the context and the other groups' numerals).
    func whiteningStream(message: UnsafeRawBufferPointer, count: Int, radix: Int) -> [UInt16] {
        var random = Self.stream(whiteningSeed.digest(buffer: message))
        var drawn = [UInt16](repeating: 0, count: count)
        var offset = 0
        while offset < drawn.count {
            drawn[offset] = UInt16(random.next(below: radix))
            offset += 1
        }
        return drawn
    }

    /// The offset (below `size`) a small group is shifted by: drawn from the keyed digest of `message` (the context
    /// and the other groups' numerals).
    func offset(message: UnsafeRawBufferPointer, size: Int) -> Int {
        var random = Self.stream(offsetSeed.digest(buffer: message))
        return random.next(below: size)
    }

    /// A stream seeded by a digest's four big-endian words (cheaper than reading it byte by byte).
    private static func stream(_ digest: Digest256) -> SeededRandom {
        SeededRandom(words: (digest.word(0), digest.word(1), digest.word(2), digest.word(3)))
    }

    /// Adds (or subtracts) a keyed offset to a small group read as a base-`radix` number.
    private func shift(_ group: inout NumeralGroup, by message: [UInt8], decrypting: Bool) {
        guard let size = group.smallSize, size > 1 else { return }
        let offset = message.withUnsafeBytes { self.offset(message: $0, size: size) }
        var number = 0
        var index = 0
        while index < group.numerals.count {
            number = number * group.radix + Int(group.numerals[index])
            index += 1
        }
        number = decrypting ? (number - offset + size) % size : (number + offset) % size
        index = group.numerals.count
        while index > 0 {
            index -= 1
            group.numerals[index] = UInt16(number % group.radix)
            number /= group.radix
        }
    }
}

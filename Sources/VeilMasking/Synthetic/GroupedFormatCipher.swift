import VeilCrypto

/// A run of numerals of one radix inside a formatted value: the digits of an IBAN, its letters, the
/// free bits of a UUID's variant nibble, one `{alphabet}` group of an `fpe` template.
struct NumeralGroup: Equatable {
    var radix: Int
    var numerals: [UInt16]

    /// `radix^count`, or `nil` when it reaches FF1's minimum domain (10^6).
    var smallSize: Int? {
        var size = 1
        for _ in numerals {
            size *= radix
            if size >= FF1.minimumDomainSize { return nil }
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
/// group (at least 10^6 possibilities) in order, each encrypted with FF1 of its radix under a tweak
/// made of the value's context (its kept parts) and the current numerals of all other groups; then
/// every *small* group, shifted by a keyed offset modulo `radix^count` drawn from
/// `HMAC(label, context ‖ other groups)`. Each step changes one group as a permutation determined by
/// the others, which it leaves alone, so the whole is a permutation of the value space and decrypting
/// runs the inverse steps in reverse order. A small group's offset depends on FF1 output that itself
/// depends on the small group's original value, so it is not a fixed shift. A value with no large group
/// is not encrypted here: callers map it one-way (see ``isReversible(_:)``).
///
/// Values are processed in batches: jobs of the same round, radix, length and tweak share FF1's batch path.
struct GroupedFormatCipher: Sendable {
    private let batchers: [Int: FF1Batcher]
    private let offsetSeed: KeyedSeed

    /// - Parameters:
    ///   - radices: the radices of the groups that may be large (one FF1 instance each).
    ///   - label: domain separation for the small groups' offsets (`iban`, `uuid`...).
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
    }

    /// Whether values with these groups are encrypted reversibly: at least one group is large.
    static func isReversible(_ groups: [NumeralGroup]) -> Bool {
        groups.contains(where: \.isLarge)
    }

    /// Encrypts (or decrypts) every value's groups in place.
    /// - Parameters:
    ///   - values: each value's groups; every value must have a large group (``isReversible(_:)``).
    ///   - contexts: each value's kept parts as bytes (country, layout, kept prefix...); part of every tweak.
    /// - Throws: ``FF1Failure`` naming the value (by index) FF1 refused.
    func run(_ values: inout [[NumeralGroup]], contexts: [[UInt8]], decrypting: Bool = false) throws(FF1Failure) {
        let orders = values.map(Self.order)
        let rounds = orders.map(\.count).max() ?? 0
        for round in 0..<rounds {
            var jobs: [Int: [FF1Job]] = [:]
            var owners: [Int: [(value: Int, group: Int)]] = [:]
            for value in values.indices where round < orders[value].count {
                let order = orders[value]
                let group = order[decrypting ? order.count - 1 - round : round]
                let tweak = Self.tweak(contexts[value], values[value], changing: group)
                let radix = values[value][group].radix
                if values[value][group].isLarge {
                    jobs[radix, default: []].append(FF1Job(numerals: values[value][group].numerals, tweak: tweak))
                    owners[radix, default: []].append((value, group))
                } else {
                    shift(&values[value][group], by: tweak, decrypting: decrypting)
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
                }
            }
        }
    }

    /// Large groups first, then small ones, each in index order.
    private static func order(_ groups: [NumeralGroup]) -> [Int] {
        let large = groups.indices.filter { groups[$0].isLarge }
        let small = groups.indices.filter { !groups[$0].isLarge && !groups[$0].numerals.isEmpty }
        return large + small
    }

    /// The context, the index of the group being changed, and every other group's count and numerals.
    private static func tweak(_ context: [UInt8], _ groups: [NumeralGroup], changing changed: Int) -> [UInt8] {
        var bytes = context
        bytes += [0xFF, UInt8(truncatingIfNeeded: changed)]
        for (index, group) in groups.enumerated() where index != changed {
            let count = group.numerals.count
            bytes += [UInt8(truncatingIfNeeded: index), UInt8(truncatingIfNeeded: count >> 8), UInt8(count & 0xFF)]
            if group.radix <= 256 {
                for numeral in group.numerals { bytes.append(UInt8(truncatingIfNeeded: numeral)) }
            } else {
                for numeral in group.numerals { bytes += [UInt8(numeral >> 8), UInt8(numeral & 0xFF)] }
            }
        }
        return bytes
    }

    /// Adds (or subtracts) a keyed offset to a small group read as a base-`radix` number.
    private func shift(_ group: inout NumeralGroup, by tweak: [UInt8], decrypting: Bool) {
        guard let size = group.smallSize, size > 1 else { return }
        var random = SeededRandom(digest: offsetSeed.digest(bytes: tweak))
        let offset = random.next(below: size)
        var number = 0
        for numeral in group.numerals { number = number * group.radix + Int(numeral) }
        number = decrypting ? (number - offset + size) % size : (number + offset) % size
        for index in group.numerals.indices.reversed() {
            group.numerals[index] = UInt16(number % group.radix)
            number /= group.radix
        }
    }
}

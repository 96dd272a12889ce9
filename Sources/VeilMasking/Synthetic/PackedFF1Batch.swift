import VeilCrypto

/// Values waiting for FF1, packed by length and tweak: the numerals of each group lie back to back in one buffer, so
/// FF1's in-place batch path (``FF1/encrypt(packed:length:tweak:)``) runs them without an array per value.
struct PackedFF1Batch {
    private struct Group: Hashable {
        var length: Int
        var tweak: [UInt8]
    }

    private var groupIndices: [Group: Int] = [:]
    /// The group of each length under the empty tweak (a value with nothing kept, the common case), by length; -1
    /// where there is none yet. Spares such values hashing their group.
    private var untweakedGroups: [Int] = []
    /// Each group's numerals, and the index of the first value added to it (errors name that value).
    private var groups: [(group: Group, numerals: [UInt16], firstValue: Int)] = []
    /// Where each added value lies: its group and the offset of its first numeral in that group's buffer.
    private var places: [(group: Int, offset: Int)] = []

    var count: Int { places.count }

    /// Adds a value's numerals under `tweak`; returns its index, in the order values were added.
    @discardableResult
    mutating func add(_ numerals: some Collection<UInt16>, tweak: [UInt8]) -> Int {
        add(numerals, toGroup: group(length: numerals.count, tweak: tweak))
    }

    /// The group of values of `length` numerals under `tweak` (made when new): a caller that knows its values'
    /// groups looks each up once and adds with ``add(_:toGroup:)``.
    mutating func group(length: Int, tweak: [UInt8]) -> Int {
        let untweaked = tweak.isEmpty && length < 256
        if untweaked, length < untweakedGroups.count, untweakedGroups[length] >= 0 { return untweakedGroups[length] }
        let group = Group(length: length, tweak: tweak)
        let index: Int
        if let known = groupIndices[group] {
            index = known
        } else {
            index = groups.count
            groupIndices[group] = index
            groups.append((group, [], places.count))
        }
        if untweaked {
            if length >= untweakedGroups.count {
                untweakedGroups.append(contentsOf: repeatElement(-1, count: length + 1 - untweakedGroups.count))
            }
            untweakedGroups[length] = index
        }
        return index
    }

    /// Adds a value's numerals (as many as its group's length) to group `index`; returns the value's index.
    @discardableResult
    mutating func add(_ numerals: some Collection<UInt16>, toGroup index: Int) -> Int {
        precondition(numerals.count == groups[index].group.length, "a value of its group's length")
        if groups[index].numerals.isEmpty { groups[index].firstValue = places.count }
        places.append((index, groups[index].numerals.count))
        groups[index].numerals.append(contentsOf: numerals)
        return places.count - 1
    }

    /// Encrypts (or decrypts) every value in place, group by group in the order their first values were added.
    /// - Throws: ``FF1Failure`` naming the first value of the first group FF1 refused.
    mutating func run(_ cipher: FF1, decrypting: Bool = false) throws(FF1Failure) {
        for index in groups.indices {
            let group = groups[index].group
            var refusal: CryptoError?
            groups[index].numerals.withUnsafeMutableBufferPointer { buffer in
                do throws(CryptoError) {
                    if decrypting {
                        try cipher.decrypt(packed: buffer, length: group.length, tweak: group.tweak)
                    } else {
                        try cipher.encrypt(packed: buffer, length: group.length, tweak: group.tweak)
                    }
                } catch {
                    refusal = error
                }
            }
            if let refusal {
                throw FF1Failure(
                    jobIndex: groups[index].firstValue, reason: "format-preserving encryption failed (\(refusal))")
            }
        }
    }

    /// Calls `body` with the numerals of value `index`: after ``run(_:decrypting:)``, its result.
    func withNumerals<Result>(of index: Int, _ body: (UnsafeBufferPointer<UInt16>) -> Result) -> Result {
        let place = places[index]
        let length = groups[place.group].group.length
        return groups[place.group].numerals.withUnsafeBufferPointer { buffer in
            body(UnsafeBufferPointer(rebasing: buffer[place.offset..<place.offset + length]))
        }
    }
}

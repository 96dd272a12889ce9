/// A keyed one-way replacement of numerals that keeps their count and radix.
///
/// Used where a value's free part is too small for format-preserving encryption to be meaningful
/// (fewer than 10^6 possibilities): each numeral is redrawn from a stream seeded with a keyed digest
/// of the whole value. The output never equals the input when another output of the same class
/// exists, so a short value is never copied through by chance. Not reversible and not one-to-one.
enum OneWayFormatMapping {
    /// Bound on redraws; the chance of needing more is below 2^-256 for any class of two or more.
    static let maximumDraws = 256

    /// New numerals for `input`.
    /// - Parameters:
    ///   - input: the numerals to replace.
    ///   - radix: the alphabet size.
    ///   - random: a stream seeded by the keyed digest of the value.
    ///   - classify: optional class a result must share with `input` (see ``FF1Batcher``).
    static func map(
        _ input: [UInt16], radix: Int, random: inout SeededRandom, classify: (([UInt16]) -> Bool)? = nil
    ) -> [UInt16] {
        map(input, radices: Array(repeating: radix, count: input.count), random: &random, classify: classify)
    }

    /// New numerals for `input`, each below its own radix (a mixed-radix text, see ``LetteredText``).
    static func map(
        _ input: [UInt16], radices: [Int], random: inout SeededRandom, classify: (([UInt16]) -> Bool)? = nil
    ) -> [UInt16] {
        guard !input.isEmpty else { return input }
        let inputClass = classify?(input)
        var candidate = input
        var fallback: [UInt16]?
        for _ in 0..<maximumDraws {
            for index in candidate.indices {
                candidate[index] = UInt16(random.next(below: radices[index]))
            }
            guard inputClass == nil || classify?(candidate) == inputClass else { continue }
            if candidate != input { return candidate }
            fallback = candidate
        }
        return fallback ?? input
    }
}

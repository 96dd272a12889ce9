/// A value split into its alphabet characters (as numerals, with their positions) and the rest.
struct ParsedValue {
    var scalars: [UInt32]
    var positions: [Int]
    var numerals: [UInt16]
    /// The numerals FF1 changes: all alphabet characters but the kept prefix and suffix.
    let free: Range<Int>

    init(_ value: String, table: NumeralTable, keepPrefix: Int, keepSuffix: Int) {
        scalars = ScalarBuffer.scalars(of: value)
        positions = []
        numerals = []
        positions.reserveCapacity(scalars.count)
        numerals.reserveCapacity(scalars.count)
        for (position, scalar) in scalars.enumerated() {
            let numeral = table.numeral(scalar)
            if numeral != NumeralTable.none {
                positions.append(position)
                numerals.append(numeral)
            }
        }
        let start = min(keepPrefix, numerals.count)
        free = start..<max(start, numerals.count - keepSuffix)
    }

    var freeCount: Int { free.count }
    var freeNumerals: ArraySlice<UInt16> { numerals[free] }

    /// The kept numerals, as the FF1 tweak: empty when nothing is kept.
    var tweak: [UInt8] {
        guard free.count != numerals.count else { return [] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 * (numerals.count - free.count) + 2)
        for numeral in numerals[..<free.lowerBound] { bytes += [UInt8(numeral >> 8), UInt8(numeral & 0xFF)] }
        bytes += [0xFF, 0xFF]
        for numeral in numerals[free.upperBound...] { bytes += [UInt8(numeral >> 8), UInt8(numeral & 0xFF)] }
        return bytes
    }

    /// True when a minus sign precedes the first alphabet character.
    var isNegative: Bool {
        guard let first = positions.first else { return false }
        return scalars[..<first].contains(0x2D)
    }

    /// Every digit of the value with `free` in place of the free numerals.
    func digits(free replacement: [UInt16], _ digitValues: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(numerals.count)
        for numeral in numerals[..<free.lowerBound] { result.append(digitValues[Int(numeral)]) }
        for numeral in replacement { result.append(digitValues[Int(numeral)]) }
        for numeral in numerals[free.upperBound...] { result.append(digitValues[Int(numeral)]) }
        return result
    }

    /// The value with the free numerals replaced.
    func assembled(free replacement: [UInt16], table: NumeralTable) -> String {
        var output = scalars
        for (offset, numeral) in replacement.enumerated() {
            output[positions[free.lowerBound + offset]] = table.scalar(numeral)
        }
        return ScalarBuffer.string(output)
    }
}

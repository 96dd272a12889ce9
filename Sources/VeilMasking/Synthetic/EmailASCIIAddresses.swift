import VeilCore
import VeilCrypto

/// The hot path of `email` in its default modes (`local: tokenize`, `mail_domain: example`, encoding 3), for the
/// addresses most columns hold: all ASCII, no upper-case letter, an `@` with text on both sides, and enough letters
/// and digits for FF1. Their bytes are read once: letters and digits become radix-36 numerals packed by length for
/// FF1's in-place batch path (``PackedFF1Batch``), and the output is written straight from the input's bytes, the
/// numerals and the example suffix. Byte for byte what the general path (``EmailPiece``, ``FoldedAlnumText``) writes
/// for the same address — `EmailASCIIPathTests` compares the two on random addresses of every kind.
struct EmailASCIIAddresses {
    /// The tweak of a lower-case `local@domain` piece: purpose `x`, no case pattern, no context.
    static let tweak: [UInt8] = [0x78, 0, 0]
    /// `.example.com`, `.example.net`, `.example.org` as bytes.
    static let suffixes = EmailGenerator.domains.map { Array(("." + $0).utf8) }

    private var batch = PackedFF1Batch()
    /// The row of each address taken, in the batch's order.
    private(set) var rows: [Int] = []
    private var numerals: [UInt16] = []

    /// Takes `value` when this path serves it; `false` leaves it to the general path.
    /// - Parameters:
    ///   - minimumFree: the fewest letters and digits FF1 encrypts (fewer take the general path's one-way mapping).
    ///   - maximumLength: the column's length limit, if any.
    /// - Throws: when the masked address, 12 characters longer, would not fit the column (as the general path does).
    mutating func add(_ value: String, row: Int, minimumFree: Int, maximumLength: Int?) throws(ValueError) -> Bool {
        var value = value
        let served = value.withUTF8 { Self.fold($0, into: &numerals) }
        guard served, numerals.count >= minimumFree, numerals.count <= FF1.maximumLength else { return false }
        if let maximumLength, value.utf8.count + 12 > maximumLength {
            throw ValueError(EmailTransformer.exampleTooLong)
        }
        batch.add(numerals, tweak: Self.tweak)
        rows.append(row)
        return true
    }

    /// Encrypts every address taken.
    /// - Throws: ``FF1Failure`` whose `jobIndex` is the address's place in ``rows``.
    mutating func encrypt(with cipher: FF1) throws(FF1Failure) {
        try batch.run(cipher)
    }

    /// Writes each address's masked form into its row.
    func write(into values: inout [Field]) {
        for (index, row) in rows.enumerated() {
            guard var value = values[row] else { continue }
            values[row] = batch.withNumerals(of: index) { numerals in
                value.withUTF8 { Self.assemble($0, numerals: numerals) }
            }
        }
    }

    /// The letters and digits of `bytes` as radix-36 numerals (`0-9` then `a-z`); `false` when a byte is beyond ASCII
    /// or an upper-case letter, or the last `@` has nothing on one side.
    static func fold(_ bytes: UnsafeBufferPointer<UInt8>, into numerals: inout [UInt16]) -> Bool {
        numerals.removeAll(keepingCapacity: true)
        var at = -1
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if byte &- 0x30 < 10 {
                numerals.append(UInt16(byte &- 0x30))
            } else if byte &- 0x61 < 26 {
                numerals.append(UInt16(byte &- 0x61 &+ 10))
            } else if byte >= 0x80 || byte &- 0x41 < 26 {
                return false
            } else if byte == 0x40 {
                at = index
            }
        }
        return at > 0 && at < bytes.count - 1
    }

    /// `bytes` with its letters and digits replaced by `numerals` (lower case), and the example suffix the numerals'
    /// sum picks.
    static func assemble(_ bytes: UnsafeBufferPointer<UInt8>, numerals: UnsafeBufferPointer<UInt16>) -> String {
        var sum = 0
        for numeral in numerals { sum &+= Int(numeral) }
        let suffix = suffixes[sum % suffixes.count]
        return String(unsafeUninitializedCapacity: bytes.count + suffix.count) { output in
            var next = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if byte &- 0x30 < 10 || byte &- 0x61 < 26 {
                    let numeral = UInt8(truncatingIfNeeded: numerals[next])
                    next &+= 1
                    output[index] = numeral < 10 ? 0x30 &+ numeral : 0x61 &+ numeral &- 10
                } else {
                    output[index] = byte
                }
            }
            for offset in 0..<suffix.count { output[bytes.count + offset] = suffix[offset] }
            return bytes.count + suffix.count
        }
    }
}

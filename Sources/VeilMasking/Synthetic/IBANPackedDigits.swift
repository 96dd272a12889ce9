import VeilCore
import VeilCrypto

/// `iban`'s values whose free BBAN characters are all digits (Germany, Spain, Poland, Austria, Belgium... and any IBAN
/// whose alphanumeric positions hold digits), on their bytes: with no letters beside them, ``GroupedFormatCipher``
/// neither whitens nor shifts anything, so the digits go through FF1 (radix 10) alone, tweaked by the country, the
/// kept bank code and group 0. Here they are packed by length and tweak for FF1's in-place batch path
/// (``PackedFF1Batch``), and the output is the input's bytes with those digits and the check digits replaced, as
/// ``IBANText`` writes them. No array per value.
///
/// A value the general path would refuse, map one way or handle with letters is not taken (``add(_:row:)`` returns
/// false), so both paths give the same output and the same errors.
struct IBANPackedDigits {
    private let keepBank: Bool
    private var batch = PackedFF1Batch()
    /// The row of each value taken, in the batch's order.
    private(set) var rows: [Int] = []
    private var upper: [UInt8] = []
    private var numerals: [UInt16] = []
    private var tweak: [UInt8] = []

    init(keepBank: Bool) {
        self.keepBank = keepBank
    }

    /// Takes `value` when it is an IBAN of the general path's grammar whose free BBAN characters are at least six
    /// digits and no letter.
    mutating func add(_ value: String, row: Int) -> Bool {
        var value = value
        let kept: Int? = value.withUTF8 { bytes in
            guard Self.compact(bytes, into: &upper) else { return nil }
            return freeDigits(of: upper)
        }
        guard let kept else { return false }
        numerals.removeAll(keepingCapacity: true)
        for byte in upper[(4 + kept)...] { numerals.append(UInt16(byte &- 0x30)) }
        tweak.removeAll(keepingCapacity: true)
        tweak.append(contentsOf: upper[0..<2])
        tweak.append(0xFF)
        tweak.append(contentsOf: upper[4..<(4 + kept)])
        tweak.append(0xFF)
        tweak.append(0)
        batch.add(numerals, tweak: tweak)
        rows.append(row)
        return true
    }

    /// Encrypts every value taken.
    /// - Throws: ``FF1Failure`` whose `jobIndex` is the value's place in ``rows``.
    mutating func encrypt(with cipher: FF1) throws(FF1Failure) {
        try batch.run(cipher)
    }

    /// Writes each value's masked form into its row.
    func write(into values: inout [Field]) {
        var upper: [UInt8] = []
        for (index, row) in rows.enumerated() {
            guard var value = values[row] else { continue }
            values[row] = value.withUTF8 { bytes in
                _ = Self.compact(bytes, into: &upper)
                let kept = keepBank ? min(4, upper.count - 4) : 0
                let computed = Self.checkDigits(upper)
                batch.withNumerals(of: index) { digits in
                    for (offset, digit) in digits.enumerated() { upper[4 + kept + offset] = 0x30 &+ UInt8(digit) }
                }
                let written = Int(upper[2] &- 0x30) * 10 + Int(upper[3] &- 0x30)
                let check = IBANChecksum.carry(written, from: computed, to: Self.checkDigits(upper))
                upper[2] = 0x30 &+ UInt8(check / 10)
                upper[3] = 0x30 &+ UInt8(check % 10)
                return String(unsafeUninitializedCapacity: bytes.count) { output in
                    var next = 0
                    for position in 0..<bytes.count {
                        let byte = bytes[position]
                        if Self.isAlphanumeric(byte) {
                            // Digits are replaced; letters (the country, a kept bank code) stay as written.
                            output[position] = byte &- 0x30 < 10 ? upper[next] : byte
                            next &+= 1
                        } else {
                            output[position] = byte
                        }
                    }
                    return bytes.count
                }
            }
        }
    }

    /// How many leading BBAN characters are kept when `upper` (a compact IBAN) qualifies: the general path's
    /// length rules hold and the free BBAN characters are at least six digits; else nil.
    private func freeDigits(of upper: [UInt8]) -> Int? {
        let count = upper.count
        guard count >= 5, count <= 34, Self.isUpperLetter(upper[0]), Self.isUpperLetter(upper[1]),
            upper[2] &- 0x30 < 10, upper[3] &- 0x30 < 10
        else { return nil }
        if let length = IBANRegistry.length(code: upper[0], upper[1]) {
            guard count == length else { return nil }
        } else if count < 8 {
            return nil
        }
        let kept = keepBank ? min(4, count - 4) : 0
        guard count - 4 - kept >= 6 else { return nil }
        for byte in upper[(4 + kept)...] where byte &- 0x30 >= 10 { return nil }
        return kept
    }

    /// The value's letters and digits, upper case, when it holds only those, spaces and dashes.
    private static func compact(_ bytes: UnsafeBufferPointer<UInt8>, into upper: inout [UInt8]) -> Bool {
        upper.removeAll(keepingCapacity: true)
        for byte in bytes {
            if byte &- 0x30 < 10 || isUpperLetter(byte) {
                upper.append(byte)
            } else if byte &- 0x61 < 26 {
                upper.append(byte &- 0x20)
            } else if byte != 0x20 && byte != 0x2D {
                return false
            }
        }
        return true
    }

    /// The check digits (2...98) the country and BBAN of a compact IBAN need (``IBANChecksum/checkDigits``).
    private static func checkDigits(_ upper: [UInt8]) -> Int {
        var remainder = 0
        // The BBAN, then the country code, then "00".
        for index in 4..<(upper.count + 2) {
            let byte = upper[index < upper.count ? index : index - upper.count]
            remainder =
                byte &- 0x30 < 10
                ? (remainder * 10 + Int(byte &- 0x30)) % 97 : (remainder * 100 + Int(byte) - 0x41 + 10) % 97
        }
        return 98 - (remainder * 100) % 97
    }

    private static func isUpperLetter(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || byte &- 0x41 < 26 || byte &- 0x61 < 26
    }
}

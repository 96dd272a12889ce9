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
    /// The batch's group of each country and kept bank code, by ``groupKey(_:kept:)``.
    private var groups: [UInt64: Int] = [:]
    /// The row of each value taken, in the batch's order.
    private(set) var rows: [Int] = []

    init(keepBank: Bool) {
        self.keepBank = keepBank
    }

    /// Takes `value` when it is an IBAN of the general path's grammar whose free BBAN characters are at least six
    /// digits and no letter.
    mutating func add(_ value: String, row: Int) -> Bool {
        var value = value
        let taken = value.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { scratch in
                guard let upper = Self.compact(bytes, into: scratch), let kept = freeDigits(of: upper) else {
                    return false
                }
                withUnsafeTemporaryAllocation(of: UInt16.self, capacity: upper.count - 4 - kept) { numerals in
                    for (offset, byte) in upper[(4 + kept)...].enumerated() { numerals[offset] = UInt16(byte &- 0x30) }
                    batch.add(UnsafeBufferPointer(numerals), toGroup: group(of: upper, kept: kept))
                }
                return true
            }
        }
        guard taken else { return false }
        rows.append(row)
        return true
    }

    /// The batch's group of a compact IBAN's free digits: their count, and the tweak of the country, the kept bank
    /// code and group 0 (as ``GroupedFormatCipher`` tweaks group 0).
    private mutating func group(of upper: UnsafeMutableBufferPointer<UInt8>, kept: Int) -> Int {
        let key = Self.groupKey(upper, kept: kept)
        if let known = groups[key] { return known }
        var tweak = Array(upper[0..<2])
        tweak.append(0xFF)
        tweak.append(contentsOf: upper[4..<(4 + kept)])
        tweak.append(0xFF)
        tweak.append(0)
        let group = batch.group(length: upper.count - 4 - kept, tweak: tweak)
        groups[key] = group
        return group
    }

    /// One integer for a length (at most 34), a country code and up to four kept characters.
    private static func groupKey(_ upper: UnsafeMutableBufferPointer<UInt8>, kept: Int) -> UInt64 {
        var key = UInt64(upper.count) << 8 | UInt64(kept)
        for byte in upper[0..<2] { key = key << 8 | UInt64(byte) }
        for byte in upper[4..<(4 + kept)] { key = key << 8 | UInt64(byte) }
        return key
    }

    /// Encrypts every value taken.
    /// - Throws: ``FF1Failure`` whose `jobIndex` is the value's place in ``rows``.
    mutating func encrypt(with cipher: FF1) throws(FF1Failure) {
        try batch.run(cipher)
    }

    /// Writes each value's masked form into its row.
    func write(into values: inout [Field]) {
        for (index, row) in rows.enumerated() {
            guard var value = values[row] else { continue }
            values[row] = value.withUTF8 { bytes in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { scratch in
                    guard let upper = Self.compact(bytes, into: scratch) else {
                        preconditionFailure("a value that add(_:row:) took compacts")
                    }
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
    }

    /// How many leading BBAN characters are kept when `upper` (a compact IBAN) qualifies: the general path's
    /// length rules hold and the free BBAN characters are at least six digits; else nil.
    private func freeDigits(of upper: UnsafeMutableBufferPointer<UInt8>) -> Int? {
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

    /// The value's letters and digits, upper case, written into `scratch` (as long as the value), when it holds only
    /// those, spaces and dashes; else nil.
    private static func compact(
        _ bytes: UnsafeBufferPointer<UInt8>, into scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> UnsafeMutableBufferPointer<UInt8>? {
        var count = 0
        for byte in bytes {
            if byte &- 0x30 < 10 || isUpperLetter(byte) {
                scratch[count] = byte
            } else if byte &- 0x61 < 26 {
                scratch[count] = byte &- 0x20
            } else if byte != 0x20 && byte != 0x2D {
                return nil
            } else {
                continue
            }
            count &+= 1
        }
        return UnsafeMutableBufferPointer(rebasing: scratch[..<count])
    }

    /// The check digits (2...98) the country and BBAN of a compact IBAN need (``IBANChecksum/checkDigits``).
    private static func checkDigits(_ upper: UnsafeMutableBufferPointer<UInt8>) -> Int {
        // The BBAN, then the country code, then "00", as one number mod 97, reduced once 14 digits have come (a letter
        // is two): it stays below 97 · 10^15 + 10^15, and the remainder is the same.
        var remainder = 0
        var digits = 0
        for index in 4..<(upper.count + 2) {
            let byte = upper[index < upper.count ? index : index - upper.count]
            if byte &- 0x30 < 10 {
                remainder = remainder &* 10 &+ Int(byte &- 0x30)
                digits &+= 1
            } else {
                remainder = remainder &* 100 &+ Int(byte) - 0x41 + 10
                digits &+= 2
            }
            if digits >= 14 {
                remainder %= 97
                digits = 0
            }
        }
        return 98 - (remainder % 97 * 100) % 97
    }

    private static func isUpperLetter(_ byte: UInt8) -> Bool { byte &- 0x41 < 26 }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || byte &- 0x41 < 26 || byte &- 0x61 < 26
    }
}

import VeilCore
import VeilCrypto

/// `card`'s values with enough free digits for FF1, on their bytes: the free digits of each are packed by length and
/// tweak for FF1's in-place batch path (``PackedFF1Batch``), and the output is the input's bytes with its digits
/// replaced (``CardLayout`` keeps the BIN, last four and Luhn offset as ``CardNumber`` does). No array per value.
struct CardPackedNumbers {
    private let keepBIN: Bool
    private let keepLast4: Bool
    private let minimumEncrypted: Int
    private var batch = PackedFF1Batch()
    /// The row of each value taken, in the batch's order.
    private(set) var rows: [Int] = []
    /// The Luhn sum mod 10 of each value taken (0 for a valid number), which its output keeps.
    private var luhnErrors: [UInt8] = []

    init(keepBIN: Bool, keepLast4: Bool, minimumEncrypted: Int) {
        self.keepBIN = keepBIN
        self.keepLast4 = keepLast4
        self.minimumEncrypted = minimumEncrypted
    }

    /// Takes `value` unless it has fewer free digits than FF1 needs (those take the keyed one-way mapping).
    mutating func add(_ value: String, row: Int) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { scratch in
                let digits = Self.digits(of: bytes, into: scratch)
                let layout = CardLayout(count: digits.count, keepBIN: keepBIN, keepLast4: keepLast4)
                guard layout.encrypted.count >= minimumEncrypted else { return false }
                withUnsafeTemporaryAllocation(of: UInt16.self, capacity: layout.encrypted.count) { numerals in
                    for (offset, index) in layout.encrypted.enumerated() { numerals[offset] = UInt16(digits[index]) }
                    batch.add(UnsafeBufferPointer(numerals), tweak: layout.tweak(digits))
                }
                rows.append(row)
                luhnErrors.append(UInt8(Luhn.sum(digits) % 10))
                return true
            }
        }
    }

    /// The digits of `bytes` (0...9), in order, written into `scratch` (as long as `bytes`).
    private static func digits(
        of bytes: UnsafeBufferPointer<UInt8>, into scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> UnsafeMutableBufferPointer<UInt8> {
        var count = 0
        for byte in bytes where byte &- 0x30 < 10 {
            scratch[count] = byte &- 0x30
            count &+= 1
        }
        return UnsafeMutableBufferPointer(rebasing: scratch[..<count])
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
                    var digits = Self.digits(of: bytes, into: scratch)
                    let layout = CardLayout(count: digits.count, keepBIN: keepBIN, keepLast4: keepLast4)
                    let luhnError = Int(luhnErrors[index])
                    batch.withNumerals(of: index) { layout.finish(&digits, encrypted: $0, luhnError: luhnError) }
                    return String(unsafeUninitializedCapacity: bytes.count) { output in
                        var next = 0
                        for position in 0..<bytes.count {
                            let byte = bytes[position]
                            if byte &- 0x30 < 10 {
                                output[position] = 0x30 &+ digits[next]
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
}

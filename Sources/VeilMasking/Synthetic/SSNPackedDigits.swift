import VeilCore
import VeilCrypto

/// The `ssn` rule's fast path: values laid out as ``SSNText`` reads them (`AAA-GG-SSSS`, `AAA GG SSSS`, nine digits),
/// their nine digits encrypted through FF1's packed path (one group: nine digits, no tweak), with the general path's
/// cycle walk (an output outside its input's class, issuable or not, is encrypted again until it is inside), and
/// written back into the value's own bytes. Each output equals the general path's (``FF1Batcher`` over ``SSNText``).
struct SSNPackedDigits {
    private var batch = PackedFF1Batch()
    private(set) var rows: [Int] = []
    /// Whether each value taken is an issuable SSN (see ``SSNRanges``): its output stays one, or stays not one.
    private var issuable: [Bool] = []
    private let refusesInvalid: Bool

    /// - Parameter refusesInvalid: leave a value that is not issuable to the general path (which refuses it).
    init(refusesInvalid: Bool) {
        self.refusesInvalid = refusesInvalid
    }

    /// Takes `value` when it is laid out as an SSN (and issuable, when those alone are allowed); false leaves it to the
    /// general path, which names the row's problem.
    mutating func add(_ value: String, row: Int) -> Bool {
        var value = value
        let read = value.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 9) { digits -> Bool? in
                guard Self.digits(of: bytes, into: digits) else { return nil }
                let valid = SSNRanges.isValid(digits)
                guard valid || !refusesInvalid else { return nil }
                batch.add(UnsafeBufferPointer(digits), tweak: [])
                return valid
            }
        }
        guard let read else { return false }
        rows.append(row)
        issuable.append(read)
        return true
    }

    /// Reads the nine digits of an SSN's text into `digits`; false when `bytes` is not laid out as one.
    private static func digits(
        of bytes: UnsafeBufferPointer<UInt8>, into digits: UnsafeMutableBufferPointer<UInt16>
    ) -> Bool {
        switch bytes.count {
        case 9: break
        case 11:
            let separator = bytes[3]
            guard separator == 0x2D || separator == 0x20, bytes[6] == separator else { return false }
        default: return false
        }
        var count = 0
        for (position, byte) in bytes.enumerated() where bytes.count == 9 || (position != 3 && position != 6) {
            guard byte &- 0x30 < 10 else { return false }
            digits[count] = UInt16(byte &- 0x30)
            count += 1
        }
        return true
    }

    /// Encrypts every value taken once (``write(into:cipher:)`` walks on where that is needed).
    mutating func encrypt(with cipher: FF1) throws(FF1Failure) {
        try batch.run(cipher)
    }

    /// Writes each value's masked form into its row, encrypting again an output outside its input's class until it is
    /// inside, as the general path's cycle walk does.
    /// - Throws: ``FF1Failure`` whose `jobIndex` is the value's place in ``rows``.
    func write(into values: inout [Field], cipher: FF1) throws(FF1Failure) {
        for (index, row) in rows.enumerated() {
            guard var value = values[row] else { continue }
            var walked: [UInt16]?
            if batch.withNumerals(of: index, { SSNRanges.isValid($0) }) != issuable[index] {
                let valid = issuable[index]
                walked = try FF1Batcher.walk(
                    batch.withNumerals(of: index) { Array($0) }, tweak: [], cipher: cipher, index: index,
                    until: { SSNRanges.isValid($0) == valid })
            }
            values[row] = value.withUTF8 { bytes in
                batch.withNumerals(of: index) { encrypted in
                    String(unsafeUninitializedCapacity: bytes.count) { output in
                        var digit = 0
                        for (position, byte) in bytes.enumerated() {
                            if byte &- 0x30 < 10 {
                                output[position] = 0x30 &+ UInt8(truncatingIfNeeded: walked?[digit] ?? encrypted[digit])
                                digit += 1
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

import VeilCore
import VeilCrypto

/// The `phone` rule's fast path: ASCII numbers with at least ``PhoneTransformer/minimumFree`` free digits, read from
/// their bytes as ``PhoneNumber`` reads them (kept country code or trunk prefix, `keep_prefix`), their free digits
/// encrypted through FF1's packed path under ``PhoneNumber/tweak`` (one group per digit count and kept digits, looked
/// up once), with the general path's cycle walk (a national number's first free digit never becomes 0), and written
/// back into the value's own bytes. Each output equals the general path's.
struct PhonePackedDigits {
    private let keepPrefix: Int
    private var batch = PackedFF1Batch()
    /// The batch's group of each digit count and kept digits, by ``groupKey(count:kept:)``.
    private var groups: [Int: Int] = [:]
    private(set) var rows: [Int] = []
    /// Each value's kept digit count, and whether its first free digit must stay non-zero.
    private var kept: [(count: Int, walks: Bool)] = []
    private var digits = [UInt16](repeating: 0, count: 64)

    init(keepPrefix: Int) {
        self.keepPrefix = keepPrefix
    }

    /// Reads `value` and adds its free digits to the batch; false (nothing added) when it is not ASCII, has no digit,
    /// more than 64 or fewer than ``PhoneTransformer/minimumFree`` free ones (the general path takes it).
    mutating func add(_ value: String, row: Int) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            var count = 0
            var plus: Bool?
            for byte in bytes {
                guard byte < 0x80 else { return false }
                if plus == nil && byte != 0x20 && byte != 0x28 { plus = byte == 0x2B }
                guard byte &- 0x30 < 10 else { continue }
                guard count < digits.count else { return false }
                digits[count] = UInt16(byte &- 0x30)
                count += 1
            }
            guard count > 0 else { return false }
            var keptCount: Int
            var national = false
            if plus == true {
                keptCount = PhoneNumber.countryCodeLength(digits[0..<count])
            } else if count >= 2 && digits[0] == 0 && digits[1] == 0 {
                keptCount = 2 + PhoneNumber.countryCodeLength(digits[2..<count])
            } else {
                keptCount = digits[0] == 0 ? 1 : 0
                national = true
            }
            keptCount = min(count, keptCount + keepPrefix)
            guard count - keptCount >= PhoneTransformer.minimumFree else { return false }
            let key = Self.groupKey(count: count, kept: digits[0..<keptCount])
            let group: Int
            if let key, let known = groups[key] {
                group = known
            } else {
                let tweak = [UInt8(truncatingIfNeeded: count), 0xFF] + digits[0..<keptCount].map { UInt8($0) }
                group = batch.group(length: count - keptCount, tweak: tweak)
                if let key { groups[key] = group }
            }
            batch.add(digits[keptCount..<count], toGroup: group)
            rows.append(row)
            kept.append((keptCount, national && keepPrefix == 0))
            return true
        }
    }

    /// One integer for a digit count and up to nine kept digits; nil for more kept digits.
    private static func groupKey(count: Int, kept: ArraySlice<UInt16>) -> Int? {
        guard kept.count <= 9 else { return nil }
        return kept.reduce(count << 8 | kept.count) { $0 * 10 + Int($1) }
    }

    /// Encrypts every added value's free digits once (``write(into:cipher:)`` walks on where that is needed).
    mutating func encrypt(with cipher: FF1) throws(FF1Failure) {
        try batch.run(cipher)
    }

    /// Writes every added value, its free digits replaced, into `values`. A national number whose output starts with
    /// 0 is encrypted again until it does not, as the general path's cycle walk does.
    func write(into values: inout [Field], cipher: FF1) throws(FF1Failure) {
        for (index, row) in rows.enumerated() {
            guard var value = values[row] else { continue }
            var free = batch.withNumerals(of: index) { Array($0) }
            if kept[index].walks && free.first == 0 {
                free = try walk(free, value: value, keptCount: kept[index].count, index: index, cipher: cipher)
            }
            let keptCount = kept[index].count
            values[row] = value.withUTF8 { bytes in
                String(unsafeUninitializedCapacity: bytes.count) { output in
                    var digit = 0
                    for (position, byte) in bytes.enumerated() {
                        if byte &- 0x30 < 10 {
                            output[position] = digit < keptCount ? byte : 0x30 + UInt8(free[digit - keptCount])
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

    private func walk(
        _ free: [UInt16], value: String, keptCount: Int, index: Int, cipher: FF1
    ) throws(FF1Failure) -> [UInt16] {
        let all = value.utf8.filter { $0 &- 0x30 < 10 }.map { UInt16($0 - 0x30) }
        let tweak = [UInt8(truncatingIfNeeded: all.count), 0xFF] + all[..<keptCount].map { UInt8($0) }
        return try FF1Batcher.walk(free, tweak: tweak, cipher: cipher, index: index, until: { $0.first != 0 })
    }
}

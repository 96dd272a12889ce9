import VeilCore
import VeilCrypto

/// The `ipv4` rule's fast path: dotted quads (optionally with a `/n` suffix, kept as it is) whose 32 bits are all
/// free (no `keep_prefix`, not a `cidr` column), read from their bytes and encrypted as eight hex nibbles through
/// FF1's packed path, with the general path's tweak, edge rule and cycle walk. Each output equals the general
/// path's (``AddressBits`` and ``AddressBitsCipher``), without arrays of bits per value.
enum IPv4PackedAddresses {
    /// The general path's tweak for an address with every bit free: `[32, 0, 32]` and the (empty) kept bits' byte.
    static let tweak: [UInt8] = [32, 0, 32, 0]

    /// Masks every non-empty value of `values` in place and returns true; or returns false, changing nothing, when
    /// a value is not a plain dotted quad with an optional prefix length up to 32 (the general path then masks the
    /// column, and names the row it refuses).
    static func transform(_ values: inout [Field], cipher: FF1) throws(MaskingError) -> Bool {
        var rows: [Int] = []
        var addresses: [UInt32] = []
        for row in values.indices {
            guard var value = values[row], !value.isEmpty else { continue }
            guard let address = value.withUTF8(parse) else { return false }
            // An address whose bits are all equal (0.0.0.0, 255.255.255.255) is an edge: kept as it is.
            guard address != 0 && address != .max else { continue }
            rows.append(row)
            addresses.append(address)
        }
        guard !rows.isEmpty else { return true }
        var packed = [UInt16](repeating: 0, count: 8 * addresses.count)
        for (index, address) in addresses.enumerated() {
            for nibble in 0..<8 { packed[8 * index + nibble] = UInt16(address >> UInt32(28 - 4 * nibble) & 0xF) }
        }
        do throws(CryptoError) {
            try packed.withUnsafeMutableBufferPointer { buffer throws(CryptoError) in
                try cipher.encrypt(packed: buffer, length: 8, tweak: tweak)
            }
        } catch {
            throw MaskingError(rowIndex: rows[0], reason: "format-preserving encryption failed (\(error))")
        }
        for (index, row) in rows.enumerated() {
            var address = word(packed[(8 * index)..<(8 * index + 8)])
            // An edge output is encrypted again, as the general path's cycle walk does.
            var rounds = 1
            while address == 0 || address == .max {
                guard rounds < FF1Batcher.maximumRounds else {
                    throw MaskingError(rowIndex: row, reason: "format-preserving encryption did not converge")
                }
                do {
                    address = word(try cipher.encrypt(nibbles(of: address), tweak: tweak)[...])
                } catch {
                    throw MaskingError(rowIndex: row, reason: "format-preserving encryption failed (\(error))")
                }
                rounds += 1
            }
            values[row] = text(address, suffixOf: values[row]!)
        }
        return true
    }

    /// The address of a dotted quad of decimal octets without leading zeros, followed by nothing or by `/` and one
    /// to three digits up to 32; nil otherwise.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard let quad = IPAddressText.readIPv4(bytes) else { return nil }
        guard quad.length < bytes.count else { return quad.address }
        guard bytes[quad.length] == 0x2F,
            IPAddressText.prefixLength(UnsafeBufferPointer(rebasing: bytes[(quad.length + 1)...]), maximum: 32) != nil
        else { return nil }
        return quad.address
    }

    private static func word(_ nibbles: ArraySlice<UInt16>) -> UInt32 {
        nibbles.reduce(0) { $0 << 4 | UInt32($1) }
    }

    private static func nibbles(of address: UInt32) -> [UInt16] {
        (0..<8).map { UInt16(address >> UInt32(28 - 4 * $0) & 0xF) }
    }

    /// `address` as a dotted quad, followed by the suffix (`/n`) of `original`.
    private static func text(_ address: UInt32, suffixOf original: String) -> String {
        var original = original
        return original.withUTF8 { bytes in
            let slash = bytes.firstIndex(of: 0x2F) ?? bytes.count
            return ComposedText.compose(capacity: 15 + bytes.count - slash) { text in
                IPAddressText.appendIPv4(address, to: &text)
                text.append(bytes: UnsafeBufferPointer(rebasing: bytes[slash...]))
            }
        }
    }
}

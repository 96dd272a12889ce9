import VeilCore
import VeilCrypto

/// The `uuid` rule's fast path: each UUID read from its bytes into nibbles, its 30 free nibbles whitened and
/// encrypted through FF1's packed path, its free variant bits shifted, and the digits written back into the value's
/// own layout. The steps, messages and tweaks are ``GroupedFormatCipher``'s for a UUID's two groups (the free
/// nibbles, large; the variant's free bits, small), so each output equals the general path's (``UUIDText``).
struct UUIDPackedValues {
    private let cipher: GroupedFormatCipher
    private let ff1: FF1
    /// Whitening streams and FF1 groups (by tweak) by version and variant nibble (`version << 4 | variant`): few
    /// distinct ones.
    private var streams: [Int: (stream: [UInt16], group: Int)] = [:]
    private var batch = PackedFF1Batch()
    private(set) var rows: [Int] = []
    /// Each value's version and variant nibbles (`version << 4 | variant`).
    private var keys: [Int] = []
    /// Each value's output case: upper when its letters are all upper case.
    private var upperCase: [Bool] = []
    /// The offsets of the 32 digits in a hyphenated (8-4-4-4-12) and a plain UUID, without braces, and the hex
    /// digits of each case: kept here, so that writing a value reads no global.
    private let hyphenatedOffsets = UUIDLayout(isHyphenated: true).digitOffsets
    private let plainOffsets = UUIDLayout(isHyphenated: false).digitOffsets
    private let lowerHex = Array("0123456789abcdef".utf8)
    private let upperHex = Array("0123456789ABCDEF".utf8)

    /// - Returns: nil when the cipher has no radix-16 FF1.
    init?(cipher: GroupedFormatCipher) {
        guard let ff1 = cipher.cipher(radix: 16) else { return nil }
        self.cipher = cipher
        self.ff1 = ff1
    }

    /// Reads `value` and adds its free nibbles, whitened, to the batch; false (nothing added) when it is not a UUID.
    mutating func add(_ value: String, row: Int) -> Bool {
        var value = value
        let added = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { nibbles -> (Int, Bool)? in
            guard let layout = value.withUTF8({ UUIDLayout($0, nibbles: nibbles.baseAddress) }) else { return nil }
            let version = nibbles[UUIDText.versionIndex]
            let variant = nibbles[UUIDText.variantIndex]
            let key = Int(version) << 4 | Int(variant)
            let (stream, group) = streams[key] ?? newStream(version: version, variant: variant, key: key)
            withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 30) { free in
                stream.withUnsafeBufferPointer { stream in
                    var next = 0
                    for index in 0..<32 where index != UUIDText.versionIndex && index != UUIDText.variantIndex {
                        free[next] = (UInt16(nibbles[index]) &+ stream[next]) & 0xF
                        next &+= 1
                    }
                }
                batch.add(UnsafeBufferPointer(free), toGroup: group)
            }
            return (key, layout.isUpperCase)
        }
        guard let (key, isUpperCase) = added else { return false }
        upperCase.append(isUpperCase)
        rows.append(row)
        keys.append(key)
        return true
    }

    /// The whitening stream and FF1 group of a version and variant nibble, made and kept.
    private mutating func newStream(version: UInt8, variant: UInt8, key: Int) -> (stream: [UInt16], group: Int) {
        let bits = UUIDText.freeVariantBits(variant)
        let context = [version, variant >> UInt8(bits), UInt8(bits)]
        // The other group of the whitening message: index 1, one numeral (the variant's free bits).
        let message = context + [0xFF, 0, 1, 0, 1, variant & UInt8((1 << bits) - 1)]
        let made = (
            stream: message.withUnsafeBytes { cipher.whiteningStream(message: $0, count: 30, radix: 16) },
            group: batch.group(length: 30, tweak: context + [0xFF, 0])
        )
        streams[key] = made
        return made
    }

    mutating func encrypt() throws(FF1Failure) {
        try batch.run(ff1)
    }

    /// Writes every added value's masked UUID into `values`, in the value's own layout and case.
    func write(into values: inout [Field]) {
        let message = UnsafeMutableRawBufferPointer.allocate(byteCount: 38, alignment: 8)
        defer { message.deallocate() }
        for (index, row) in rows.enumerated() {
            guard var value = values[row] else { continue }
            values[row] = value.withUTF8 { bytes in
                String(unsafeUninitializedCapacity: bytes.count) { output in
                    write(index, input: bytes, message: message, to: output)
                }
            }
        }
    }

    /// The masked column as bytes: every added value's masked UUID, every other value (NULL, empty) as it was.
    func written(_ values: [Field]) -> ByteColumn {
        let message = UnsafeMutableRawBufferPointer.allocate(byteCount: 38, alignment: 8)
        defer { message.deallocate() }
        var output = ByteColumn(reservingValues: values.count, bytes: values.count * 36)
        var index = 0
        for (row, field) in values.enumerated() {
            guard index < rows.count, rows[index] == row, var value = field else {
                output.append(field)
                continue
            }
            value.withUTF8 { bytes in
                output.appendValue(capacity: bytes.count) { write(index, input: bytes, message: message, to: $0) }
            }
            index += 1
        }
        return output
    }

    /// Writes added value `index`'s masked UUID, laid out as its `input` bytes, at the start of `output`; returns
    /// its length. `message` is scratch space of 38 bytes for the small group's message.
    private func write(
        _ index: Int, input bytes: UnsafeBufferPointer<UInt8>, message: UnsafeMutableRawBufferPointer,
        to output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        let version = UInt8(keys[index] >> 4)
        let variant = UInt8(keys[index] & 0xF)
        let bits = UUIDText.freeVariantBits(variant)
        let size = 1 << bits
        return batch.withNumerals(of: index) { encrypted in
            // The small group's message: the context, then group 0 (index 0, 30 numerals) as encrypted.
            message[0] = version
            message[1] = variant >> UInt8(bits)
            message[2] = UInt8(bits)
            message[3] = 0xFF
            message[4] = 1
            message[5] = 0
            message[6] = 0
            message[7] = 30
            for (offset, numeral) in encrypted.enumerated() { message[8 + offset] = UInt8(numeral) }
            let offset = cipher.offset(message: UnsafeRawBufferPointer(message), size: size)
            let shifted = (Int(variant) & (size - 1) + offset) % size
            let newVariant = (variant >> UInt8(bits)) << UInt8(bits) | UInt8(shifted)
            // The value's own bytes first (hyphens and braces), then its 32 digits at their offsets: the encrypted
            // free nibbles in order, the version at digit 12 and the variant at digit 16.
            output.baseAddress!.update(from: bytes.baseAddress!, count: bytes.count)
            let start = bytes.count == 34 || bytes.count == 38 ? 1 : 0
            let offsets = bytes.count - 2 * start == 36 ? hyphenatedOffsets : plainOffsets
            let hex = upperCase[index] ? upperHex : lowerHex
            hex.withUnsafeBufferPointer { hex in
                offsets.withUnsafeBufferPointer { offsets in
                    func put(_ digit: Int, _ nibble: UInt16) {
                        output[start + offsets[digit]] = hex[Int(nibble & 0xF)]
                    }
                    for digit in 0..<UUIDText.versionIndex { put(digit, encrypted[digit]) }
                    put(UUIDText.versionIndex, UInt16(version))
                    for digit in (UUIDText.versionIndex + 1)..<UUIDText.variantIndex {
                        put(digit, encrypted[digit - 1])
                    }
                    put(UUIDText.variantIndex, UInt16(newVariant))
                    for digit in (UUIDText.variantIndex + 1)..<32 { put(digit, encrypted[digit - 2]) }
                }
            }
            return bytes.count
        }
    }
}

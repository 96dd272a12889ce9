import Foundation
import VeilCore
import VeilCrypto

/// `hmac`: a keyed one-way hash of the value, rendered in a chosen alphabet and length.
///
/// The digest is `HMAC-SHA256(domain HMAC key, UTF-8 of the value)`. `hex` output is its first
/// `length` lower-case hex digits; the other formats draw each character uniformly from their
/// alphabet with a xoshiro256** stream seeded by the digest. Equal values give equal outputs within a
/// domain (joins survive); another key store or domain gives unrelated outputs. Not reversible and,
/// being a hash, not strictly one-to-one: 16 hex digits (64 bits) make a collision among a billion
/// values unlikely (about 3%); raise `length` for bigger unique columns. Outputs longer than a
/// `varchar(n)` column are truncated to n.
///
/// Parameters:
/// - `format`: `hex` (default), `base32` (RFC 4648 alphabet, lower case), `digits`, or `alnum`
///   (`0-9A-Za-z`).
/// - `length` (default 16): output characters, 1 to 64.
public enum HMACRule {
    public static let definition = RuleDefinition(
        name: "hmac",
        summary: "keyed one-way hash rendered as hex, base32, digits or alnum of a fixed length",
        parameters: [
            ParameterDefinition(
                name: "format", kind: .choice(HMACFormat.allCases.map(\.rawValue)), defaultValue: .string("hex"),
                summary: "hex | base32 | digits | alnum"),
            ParameterDefinition(
                name: "length", kind: .integer(1...64), defaultValue: .integer(16), summary: "output characters"),
        ],
        isKeyed: true,
        outputBits: { arguments in
            guard case .integer(let length)? = arguments["length"] else { return nil }
            let radix = HMACFormat(rawValue: arguments["format"]?.description ?? "hex")?.alphabet.count ?? 16
            return Int((Double(length) * log2(Double(radix))).rounded(.down))
        },
        make: { context throws(RuleConfigurationError) in try HMACTransformer(context) }
    )
    .withOutputSpace(.shapes([.digits, .mixed, .words]))
}

/// How `hmac` renders its digest.
public enum HMACFormat: String, Sendable, CaseIterable {
    case hex, base32, digits, alnum

    var alphabet: [UInt8] {
        switch self {
        case .hex: Array("0123456789abcdef".utf8)
        case .base32: Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
        case .digits: Array("0123456789".utf8)
        case .alnum: Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        }
    }
}

/// Hashes each value. See ``HMACRule``.
public struct HMACTransformer: ValueTransformer {
    let hmac: HMACSHA256
    let format: HMACFormat
    let length: Int
    let alphabet: [UInt8]

    /// - Throws: when the format or length is invalid, or the column cannot hold the output.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        guard let format = HMACFormat(rawValue: context.string("format") ?? "hex") else {
            throw RuleConfigurationError("format must be hex, base32, digits or alnum")
        }
        let length = context.integer("length") ?? 16
        guard (1...64).contains(length) else { throw RuleConfigurationError("length must be between 1 and 64") }
        let type = ColumnType(context.column.type)
        if let kind = type.integerKind {
            // Digits fit an integer column when shorter than its maximum; leading zeros only shorten them.
            guard format == .digits, length < kind.maximum.count else {
                throw RuleConfigurationError(
                    "hmac on an integer column needs format: digits and a length below \(kind.maximum.count)")
            }
        } else if !type.isTextual {
            throw RuleConfigurationError("hmac writes text; the column's type cannot hold it")
        }
        self.hmac = context.keys.hmac
        self.format = format
        self.length = min(length, type.maximumLength ?? length)
        self.alphabet = format.alphabet
    }

    public func transform(_ value: String) throws(ValueError) -> String {
        String(unsafeUninitializedCapacity: length) { buffer in
            write(hmac.authenticationCode(for: value), to: buffer)
        }
    }

    /// The byte path: each output written into one buffer for the batch, with no `String` per value.
    public func transformedBytes(_ values: [Field], related: [[Field]]) throws(MaskingError) -> ByteColumn? {
        var output = ByteColumn(reservingValues: values.count, bytes: values.count * length)
        for field in values {
            // NULL stays NULL and an empty string stays empty, as on the String path.
            guard var value = field, !value.isEmpty else {
                output.append(field)
                continue
            }
            let digest = value.withUTF8 { hmac.authenticationCode(for: UnsafeRawBufferPointer($0)) }
            output.appendValue(capacity: length) { write(digest, to: $0) }
        }
        return output
    }

    /// Writes the `length` characters of `digest` at the start of `buffer`; returns `length`.
    private func write(_ digest: Digest256, to buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let length = length
        alphabet.withUnsafeBufferPointer { alphabet in
            if format == .hex {
                // Hex digit i is nibble i of the digest, most significant first: bits 60 - 4i of word i / 16. Each
                // word is read once, not once per digit.
                var index = 0
                for wordIndex in 0..<4 where index < length {
                    let word = digest.word(wordIndex)
                    for shift in stride(from: 60, through: 0, by: -4) where index < length {
                        buffer[index] = alphabet[Int(truncatingIfNeeded: word >> UInt64(shift) & 0x0F)]
                        index += 1
                    }
                }
                return
            }
            var random = SeededRandom(digest: digest)
            for index in 0..<length {
                buffer[index] = alphabet[random.next(below: alphabet.count)]
            }
        }
        return length
    }
}

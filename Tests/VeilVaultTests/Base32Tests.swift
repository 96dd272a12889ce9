import Testing

@testable import VeilVault

/// RFC 4648 base32: the section 10 vectors, padding and case options, and the strict decoder.
@Suite("Base32")
struct Base32Tests {
    /// RFC 4648 section 10: BASE32 of "", "f", "fo", "foo", "foob", "fooba", "foobar".
    static let vectors: [(plain: String, encoded: String)] = [
        ("", ""),
        ("f", "MY======"),
        ("fo", "MZXQ===="),
        ("foo", "MZXW6==="),
        ("foob", "MZXW6YQ="),
        ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI======"),
    ]

    @Test("encodes the RFC 4648 section 10 vectors, padded and unpadded, upper and lower case")
    func encode() {
        for (plain, encoded) in Self.vectors {
            let bytes = Array(plain.utf8)
            #expect(Base32.encode(bytes) == encoded)
            let unpadded = String(encoded.prefix { $0 != "=" })
            #expect(Base32.encode(bytes, padding: false) == unpadded)
            #expect(Base32.encode(bytes, padding: false, lowercase: true) == unpadded.lowercased())
            #expect(Base32.encode(bytes, lowercase: true) == encoded.lowercased())
        }
    }

    @Test("decodes the vectors in either case, with or without padding")
    func decode() throws {
        for (plain, encoded) in Self.vectors {
            let bytes = Array(plain.utf8)
            let unpadded = String(encoded.prefix { $0 != "=" })
            #expect(try Base32.decode(encoded) == bytes)
            #expect(try Base32.decode(unpadded) == bytes)
            #expect(try Base32.decode(encoded.lowercased()) == bytes)
            #expect(try Base32.decode(unpadded.lowercased()) == bytes)
        }
        #expect(try Base32.decode("mZxW6yTbOi") == Array("foobar".utf8))
    }

    @Test("round trips every length from 0 to 64 bytes")
    func roundTrip() throws {
        for count in 0...64 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(try Base32.decode(Base32.encode(bytes)) == bytes)
            #expect(try Base32.decode(Base32.encode(bytes, padding: false, lowercase: true)) == bytes)
        }
    }

    @Test("refuses characters outside the alphabet, with their offset only")
    func invalidCharacters() {
        for (text, offset) in [
            ("MZXW1YQ", 4), ("MZXW8YQ", 4), ("0ZXW6YQ", 0), ("MZXW6Y Q", 6), ("MZXW6-TB", 5), ("MZXé", 3),
        ] {
            #expect(throws: Base32.DecodingError.invalidCharacter(offset: offset)) { try Base32.decode(text) }
        }
        let error = Base32.DecodingError.invalidCharacter(offset: 2)
        #expect(error.description == "base32: invalid character at offset 2")
    }

    @Test("refuses impossible lengths, misplaced or wrong padding, and non-zero trailing bits")
    func strictness() {
        for text in ["M", "MZX", "MZXW6Y", "M=======", "MZXW6YTBO"] {
            #expect(throws: Base32.DecodingError.invalidLength) { try Base32.decode(text) }
        }
        for text in ["MY=", "MY=====", "MY=======", "MZXW6YTB========", "MY====MY", "========"] {
            #expect(throws: Base32.DecodingError.invalidPadding) { try Base32.decode(text) }
        }
        // "MZ" would leave bits 01 set after the single byte 'f' ("MY").
        #expect(throws: Base32.DecodingError.nonZeroTrailingBits) { try Base32.decode("MZ") }
        #expect(throws: Base32.DecodingError.nonZeroTrailingBits) { try Base32.decode("MZXW6YR=") }
    }
}

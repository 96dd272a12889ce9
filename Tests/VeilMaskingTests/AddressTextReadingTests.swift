import Testing
import VeilCore

@testable import VeilMasking

/// The one dotted-quad reader (``IPAddressText/readIPv4(_:)``), the one prefix-length reader and the one UUID reader
/// (``UUIDLayout``) serve both the general paths and the byte paths. Each is held here to a plain reading of its
/// format, written apart from it on `String`s, over hand-picked edges and generated text.
@Suite("address and UUID text readers")
struct AddressTextReadingTests {
    // MARK: IPv4

    /// A dotted quad read by splitting at dots: four parts of one to three ASCII digits, no leading zero, up to 255.
    static func plainIPv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var address: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                part.count == 1 || part.first != "0", let octet = UInt32(part), octet <= 255
            else { return nil }
            address = address << 8 | octet
        }
        return address
    }

    /// `address` alone, or `address/n` with n one to three ASCII digits up to `maximum`.
    static func plainSplit(_ text: String, maximum: Int) -> (address: String, prefix: Int?)? {
        guard let slash = text.firstIndex(of: "/") else { return (text, nil) }
        let suffix = text[text.index(after: slash)...]
        guard !suffix.isEmpty, suffix.count <= 3, suffix.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let prefix = Int(suffix), prefix <= maximum
        else { return nil }
        return (String(text[..<slash]), prefix)
    }

    static let ipv4Edges = [
        "0.0.0.0", "255.255.255.255", "1.2.3.4", "01.2.3.4", "1.2.3.04", "0.0.0.00", "256.0.0.1", "1.2.3.256",
        "1.2.3", "1.2.3.4.5", "1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "1.2.3.2555", "1.2.3.4x",
        "1.2.3.4/0", "1.2.3.4/32", "1.2.3.4/33", "1.2.3.4/032", "1.2.3.4/", "1.2.3.4//8", "1.2.3.4/8/8", "1.2.3.4/1234",
        "1.2.3.4/+8", "1.2.3.4/٣", "١.2.3.4", "1.2.3.4/8 ", "", "/8", "....", "999.999.999.999",
    ]

    /// Text made of what a dotted quad is made of, and a little else.
    static func generatedText(_ count: Int, seed: UInt64, alphabet: String) -> [String] {
        var random = Fixtures.random(seed)
        let characters = Array(alphabet)
        return (0..<count).map { _ in
            String((0..<random.next(below: 20)).map { _ in characters[random.next(below: characters.count)] })
        }
    }

    static var ipv4Inputs: [String] {
        ipv4Edges + generatedText(20_000, seed: 91, alphabet: "0123456789....///x ")
            + (0..<4000).map { index in
                // Mostly valid quads with a prefix, so both outcomes come often.
                let octets = (0..<4).map { String((index &* 2_654_435_761 >> ($0 * 7)) % 300) }
                return octets.joined(separator: ".") + (index % 3 == 0 ? "" : "/\(index % 40)")
            }
    }

    @Test("a dotted quad reads as a plain reading by parts reads it")
    func ipv4ReadsAsSplitting() {
        var accepted = 0
        for text in Self.ipv4Inputs {
            let read = IPAddressText.parseIPv4(text[...])
            #expect(read == Self.plainIPv4(text), "\(text.debugDescription)")
            if read != nil { accepted += 1 }
        }
        // Both outcomes, often (a prefix makes the whole text no quad).
        #expect(accepted > 500)
    }

    @Test("address/prefix splits as a plain reading splits it")
    func prefixSplitsAsPlainly() {
        for text in Self.ipv4Inputs {
            for maximum in [32, 128] {
                let split = IPAddressText.splitPrefix(text, maximumPrefix: maximum)
                let plain = Self.plainSplit(text, maximum: maximum)
                #expect(split.map { String($0.address) } == plain?.address, "\(text.debugDescription)")
                #expect(split?.prefix == plain?.prefix, "\(text.debugDescription)")
            }
        }
    }

    /// The packed path reads exactly the values the general path reads as a dotted quad with an optional `/n`.
    @Test("the packed path takes exactly the quads the general path takes")
    func packedParseAgreesWithGeneralReading() {
        var accepted = 0
        for text in Self.ipv4Inputs {
            var bytes = text
            let packed = bytes.withUTF8 { IPv4PackedAddresses.parse($0) }
            let general = Self.plainSplit(text, maximum: 32).flatMap { Self.plainIPv4($0.address) }
            #expect(packed == general, "\(text.debugDescription)")
            if packed != nil { accepted += 1 }
        }
        #expect(accepted > 1500)
    }

    // MARK: UUID

    /// A UUID read plainly: braces optional, 32 hex digits or 36 characters with hyphens at 8, 13, 18 and 23.
    static func plainUUID(_ text: String) -> (nibbles: [UInt8], upper: Bool)? {
        var body = Array(text.utf8)
        if body.count >= 2 && body.first == UInt8(ascii: "{") && body.last == UInt8(ascii: "}") {
            body = Array(body.dropFirst().dropLast())
        }
        if body.count == 36 {
            guard [8, 13, 18, 23].allSatisfy({ body[$0] == UInt8(ascii: "-") }) else { return nil }
            body = body.enumerated().filter { ![8, 13, 18, 23].contains($0.offset) }.map(\.element)
        }
        guard body.count == 32 else { return nil }
        let digits = body.compactMap { byte in Int(String(UnicodeScalar(byte)), radix: 16).map(UInt8.init) }
        guard digits.count == 32, body.allSatisfy({ $0 < 0x80 }) else { return nil }
        let upper = body.contains { (0x41...0x46).contains($0) } && !body.contains { (0x61...0x66).contains($0) }
        return (digits, upper)
    }

    static var uuidInputs: [String] {
        let edges = [
            "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000",
            "123e4567-E89B-12d3-a456-426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
            "123e4567e89b12d3a456426614174000", "{123e4567e89b12d3a456426614174000}",
            "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
            "123e4567+e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-42661417400g",
            "{123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-426614174000}",
            "123e4567e89b-12d3-a456-4266141740000", "-123e4567e89b12d3a456426614174000---",
            "{}", "", "{", "00000000-0000-0000-0000-000000000000", "ffffffffffffffffffffffffffffffff",
            "123e4567-e89b-12d3-a456-4266141740０", "0x3e4567e89b12d3a456426614174000",
        ]
        var random = Fixtures.random(92)
        let hex = Array("0123456789abcdefABCDEF")
        let generated = (0..<8000).map { index -> String in
            var digits = (0..<32).map { _ in hex[random.next(below: hex.count)] }
            if index % 5 == 0 { digits[random.next(below: 32)] = ["g", "-", "{", " ", "é"][index / 5 % 5] }
            var text = String(digits)
            if index % 2 == 0 {
                for offset in [8, 13, 18, 23] {
                    text.insert(index % 14 == 0 ? "_" : "-", at: text.index(text.startIndex, offsetBy: offset))
                }
            }
            if index % 3 == 0 { text = "{" + text + "}" }
            if index % 11 == 0 { text.removeLast() }
            return text
        }
        return edges + generated
    }

    @Test("a UUID reads as a plain reading reads it: digits, case, and where each digit is")
    func uuidReadsPlainly() throws {
        var accepted = 0
        for text in Self.uuidInputs {
            let plain = Self.plainUUID(text)
            var nibbles = [UInt8](repeating: 0, count: 32)
            var bytes = text
            let layout = bytes.withUTF8 { text in
                nibbles.withUnsafeMutableBufferPointer { UUIDLayout(text, nibbles: $0.baseAddress) }
            }
            #expect((layout != nil) == (plain != nil), "\(text.debugDescription)")
            #expect(((try? UUIDText(text)) != nil) == (plain != nil), "\(text.debugDescription)")
            guard let layout, let plain else { continue }
            accepted += 1
            #expect(nibbles == plain.nibbles, "\(text.debugDescription)")
            #expect(layout.isUpperCase == plain.upper, "\(text.debugDescription)")
            let utf8 = Array(text.utf8)
            let digitsAt = layout.digitOffsets.map { utf8[$0] }
            #expect(digitsAt.count == 32 && digitsAt.allSatisfy { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "{") })
            let uuid = try UUIDText(text)
            #expect(uuid.nibbles == plain.nibbles && uuid.isUpperCase == plain.upper)
        }
        #expect(accepted > 3000)
    }

    /// ``UUIDText/finish(_:)`` writes each digit back where it was read, in the output case.
    @Test("writing back the same digits gives the text in the output case")
    func uuidWritesBackInPlace() throws {
        for text in ["{123E4567-E89B-12D3-A456-426614174000}", "123e4567e89b12d3a456426614174000"] {
            var uuid = try UUIDText(text)
            uuid.finish(uuid.groups)
            #expect(uuid.string == text)
        }
        var mixed = try UUIDText("123e4567-E89B-12d3-a456-426614174000")
        mixed.finish(mixed.groups)
        #expect(mixed.string == "123e4567-e89b-12d3-a456-426614174000")
    }
}

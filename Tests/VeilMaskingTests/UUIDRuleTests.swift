import Testing
import VeilCore
import VeilCrypto

@testable import VeilMasking

@Suite("uuid")
struct UUIDRuleTests {
    static func transformer(type: String = "uuid") throws -> UUIDTransformer {
        try #require(try Fixtures.transformer("uuid", type: type) as? UUIDTransformer)
    }

    static func nibbles(_ value: String) -> [Int] {
        value.compactMap { $0 == "-" || $0 == "{" || $0 == "}" ? nil : $0.hexDigitValue }
    }

    /// Hyphens and braces, with hex digits blurred.
    static func form(_ value: String) -> String {
        String(value.map { $0.isHexDigit ? "h" : $0 })
    }

    /// Whether `output`'s letters have the case the rule gives for `input`.
    static func hasCase(of input: String, _ output: String) -> Bool {
        let upper = input.contains(where: \.isUppercase) && !input.contains(where: \.isLowercase)
        return output == (upper ? output.uppercased() : output.lowercased())
    }

    static let hex = Array("0123456789abcdef")

    /// UUIDs of every version and variant, in every form.
    static func uuids(count: Int, seed: UInt64) -> [String] {
        Fixtures.distinct(count, seed: seed) { random in
            var uuid = Array(FormatSamples.uuid(&random))
            uuid[14] = hex[random.next(below: 16)]
            uuid[19] = hex[random.next(below: 16)]
            var text = String(uuid)
            switch random.next(below: 4) {
            case 0: break
            case 1: text = text.uppercased()
            case 2: text = text.replacingOccurrences(of: "-", with: "")
            default: text = "{" + text + "}"
            }
            return text
        }
    }

    /// The variant nibble's fixed leading bits: 0, 10, 110 or 111.
    static func variantPrefix(_ nibble: Int) -> Int {
        nibble < 8 ? 0 : nibble < 12 ? 2 : nibble < 14 ? 6 : 7
    }

    @Test("UUIDs keep form, version and variant; one-to-one; reveal", arguments: ["uuid", "text", "char(38)"])
    func formVersionVariant(type: String) throws {
        let transformer = try Self.transformer(type: type)
        let inputs = Self.uuids(count: 4000, seed: 81)
        var column: [Field] = inputs
        try transformer.transform(&column, related: [])
        let outputs = try column.map { try #require($0) }
        var changedVariantBits = 0
        for (input, output) in zip(inputs, outputs) {
            let (a, b) = (Self.nibbles(input), Self.nibbles(output))
            #expect(b.count == 32)
            #expect(Self.form(output) == Self.form(input))
            #expect(Self.hasCase(of: input, output))
            #expect(a[12] == b[12])
            #expect(Self.variantPrefix(a[16]) == Self.variantPrefix(b[16]))
            if a[16] != b[16] { changedVariantBits += 1 }
            #expect(output != input)
            #expect(try transformer.reveal(output) == input)
        }
        #expect(Set(outputs).count == inputs.count)
        // The variant nibble's free bits are encrypted too: about 3 in 4 (RFC) to 7 in 8 (NCS) change.
        #expect(changedVariantBits > inputs.count / 2)
        #expect(try Fixtures.strings("uuid", inputs, type: type) == outputs)
        let other = try Fixtures.strings("uuid", inputs, ring: Fixtures.otherRing, type: type)
        #expect(zip(other, outputs).filter { $0 == $1 }.count == 0)
    }

    @Test func version4StaysAValidVersion4() throws {
        let inputs = Fixtures.distinct(3000, seed: 82) { random in FormatSamples.uuid(&random) }
        let outputs = try Fixtures.strings("uuid", inputs, type: "uuid")
        for output in outputs {
            let nibbles = Self.nibbles(output)
            #expect(nibbles[12] == 4)
            #expect((8...11).contains(nibbles[16]))
            #expect(output == output.lowercased())
        }
    }

    @Test(
        "nil and max UUIDs map within their own version and variant",
        arguments: [
            "00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
        ])
    func nilAndMax(uuid: String) throws {
        let transformer = try Self.transformer()
        let output = try #require(try Fixtures.apply("uuid", [uuid], type: "uuid")[0])
        #expect(Self.nibbles(output)[12] == Self.nibbles(uuid)[12])
        #expect(Self.variantPrefix(Self.nibbles(output)[16]) == Self.variantPrefix(Self.nibbles(uuid)[16]))
        #expect(try transformer.reveal(output) == uuid)
    }

    @Test(
        "values that are not UUIDs are errors naming the row",
        arguments: [
            "not-a-uuid", "123e4567-e89b-12d3-a456-42661417400", "123e4567e89b12d3a456426614174000x",
            "123e4567-e89b-12d3-a456_426614174000", "{123e4567-e89b-12d3-a456-426614174000",
            "g23e4567-e89b-12d3-a456-426614174000",
        ])
    func notAUUID(value: String) throws {
        do {
            _ = try Fixtures.apply("uuid", ["123e4567-e89b-12d3-a456-426614174000", value])
            Issue.record("expected an error")
        } catch let error as MaskingError {
            #expect(error.rowIndex == 1)
            #expect(!reveals(error, value))
        }
    }

    @Test(arguments: ["integer", "jsonb", "date"])
    func otherColumnTypesAreRefused(type: String) {
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("uuid", type: type) }
    }
}

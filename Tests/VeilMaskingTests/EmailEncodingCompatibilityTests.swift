import Testing
import VeilCore

@testable import VeilMasking

/// Encoding 2 changes only addresses with letters or digits beyond ASCII: every other address masks exactly as
/// Veil did before encodings existed, so existing copies and tokens of ASCII addresses stay valid.
@Suite("email encodings")
struct EmailEncodingCompatibilityTests {
    /// ASCII addresses in every layout the samples make, short ones, and a few with non-ASCII characters that are not
    /// letters or digits (a combining accent, an arrow, a non-breaking space), which encoding 2 leaves alone too.
    static let inputs: [String] =
        NetworkSamples.emails(3000, seed: 77) + [
            "john.smith@acme.com", "J.Smith@Acme.CO.uk", "JOHN@X.COM", "jo@acme.com", "a@b.c",
            "jose\u{301}.garcia@acme.es", "x\u{2192}y.z@acme.com", "nb\u{A0}sp.name@acme.com",
        ]

    /// FNV-1a over the outputs, one per line: a stable fingerprint of thousands of outputs.
    static func fingerprint(_ outputs: [String]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in outputs.joined(separator: "\n").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The outputs of ``inputs`` under the fixture key, fingerprinted by the code before encoding 2 (commit
    /// 9cebc66), per `local` / `mail_domain`.
    static let before: [String: UInt64] = [
        "tokenize/example": 4_121_332_288_599_218_458,
        "tokenize/keep": 13_027_680_304_411_956_952,
        "tokenize/tokenize": 1_622_547_886_511_476_809,
        "fake/example": 2_206_162_674_964_856_184,
        "fake/tokenize": 2_074_303_615_643_697_232,
    ]

    @Test(
        "ASCII addresses give the outputs of the code before encoding 2",
        arguments: ["tokenize/example", "tokenize/keep", "tokenize/tokenize", "fake/example", "fake/tokenize"])
    func asciiOutputsAreUnchanged(mode: String) throws {
        let parts = mode.split(separator: "/").map(String.init)
        let outputs = try Fixtures.strings(
            "email", Self.inputs,
            ["local": .string(parts[0]), "mail_domain": .string(parts[1]), "encoding": .integer(2)])
        #expect(Self.fingerprint(outputs) == Self.before[mode])
        // Encoding 3 changes only `example` mode's tokenized outputs.
        if mode != "tokenize/example" {
            let three = try Fixtures.strings(
                "email", Self.inputs, ["local": .string(parts[0]), "mail_domain": .string(parts[1])])
            #expect(Self.fingerprint(three) == Self.before[mode])
        }
    }

    /// The outputs of internationalized addresses under the code before encoding 2 (commit 9cebc66, which took no
    /// `encoding` argument), fingerprinted per `local` / `mail_domain`: encoding 1 must reproduce them, or the tokens
    /// of old copies would not reveal.
    static let beforeInternational: [String: UInt64] = [
        "tokenize/example": 11_715_558_570_350_030_674,
        "tokenize/keep": 7_916_999_679_187_197_112,
        "tokenize/tokenize": 14_866_464_502_406_593_987,
        "fake/tokenize": 12_467_064_531_483_057_527,
    ]

    @Test(
        "encoding 1 gives the outputs of the code before encoding 2 for internationalized addresses too",
        arguments: ["tokenize/example", "tokenize/keep", "tokenize/tokenize", "fake/tokenize"])
    func encodingOneIsTheCodeBefore(mode: String) throws {
        let parts = mode.split(separator: "/").map(String.init)
        let inputs = InternationalEmailSamples.addresses(2000, seed: 135)
        let outputs = try Fixtures.strings(
            "email", inputs,
            ["local": .string(parts[0]), "mail_domain": .string(parts[1]), "encoding": .integer(1)])
        #expect(Self.fingerprint(outputs) == Self.beforeInternational[mode])
    }

    @Test(
        "a few outputs, written out",
        arguments: [
            ("example", "john.smith@acme.com", "fb71.4ib3w@mlxs.iqb.example.com"),
            ("keep", "john.smith@acme.com", "y2ns.s0sc2@acme.com"),
            ("tokenize", "john.smith@acme.com", "1zyw.xg402@oyc8.com"),
            ("example", "J.Smith@Acme.CO.uk", "X.Ymmhw@E3gv.RE.9q.example.com"),
        ])
    func writtenOut(domain: String, input: String, output: String) throws {
        let masked = try Fixtures.strings("email", [input], ["mail_domain": .string(domain)])[0]
        #expect(masked == output)
    }

    @Test(
        "encoding 2 writes example mode as L%D@example.xxx",
        arguments: [
            ("john.smith@acme.com", "fb71.4ib3w%mlxs.iqb@example.com"),
            ("J.Smith@Acme.CO.uk", "X.Ymmhw%E3gv.RE.9q@example.com"),
        ])
    func encodingTwoWrittenOut(input: String, output: String) throws {
        let masked = try Fixtures.strings("email", [input], ["encoding": .integer(2)])[0]
        #expect(masked == output)
    }
}

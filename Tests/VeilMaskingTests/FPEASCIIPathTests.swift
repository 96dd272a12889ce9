import Testing
import VeilCore

@testable import VeilMasking

/// `fpe`'s ASCII path (``FPEASCIIValues``) writes exactly what the general path writes, for every alphabet, kept
/// prefix and suffix and short-value policy, and leaves values beyond ASCII and short values to the general path.
@Suite("fpe ASCII path")
struct FPEASCIIPathTests {
    static let settings: [[String: ParameterValue]] = [
        [:],
        ["keep_prefix": .integer(2)],
        ["keep_prefix": .integer(1), "keep_suffix": .integer(3)],
        ["alphabet": .string("alnum"), "short": .string("hmac")],
        ["alphabet": .string("upper"), "keep_suffix": .integer(2), "short": .string("null")],
        ["alphabet": .string("0123456789ABCDEF"), "short": .string("redact")],
        ["alphabet": .string("αβγδεζηθικ")],
    ]

    /// Values of every shape the paths tell apart: long and short, grouped by punctuation, beyond ASCII, empty, NULL.
    static func values(_ count: Int, seed: UInt64) -> [Field] {
        var random = Fixtures.random(seed)
        let characters = Array("0123456789abcdefABCDEFxyzXYZ-+ ./()")
        return (0..<count).map { _ -> Field in
            switch random.next(below: 10) {
            case 0: return nil
            case 1: return ""
            case 2: return "+" + String((0..<random.next(below: 6)).map { _ in random.pick(characters) })
            case 3: return "№ " + String((0..<(8 + random.next(below: 10))).map { _ in random.pick(characters) })
            case 4: return "αβγ" + String((0..<(4 + random.next(below: 6))).map { _ in random.pick(characters) })
            default: return String((0..<(1 + random.next(below: 30))).map { _ in random.pick(characters) })
            }
        }
    }

    @Test("the ASCII path's output (or error) is the general path's, value for value", arguments: settings.indices)
    func sameAsTheGeneralPath(setting: Int) throws {
        let transformer = try FPERuleTests.transformer(Self.settings[setting])
        for seed in 0..<10 {
            BothPaths.expectSame(Self.values(500, seed: 700 + UInt64(seed)), "setting \(setting), seed \(seed)") {
                (values, fast) throws(MaskingError) in try transformer.transform(&values, takingASCIIPath: fast)
            }
        }
    }

    @Test("a digits column of ordinary values is served whole by the ASCII path, and reveals back")
    func servedAndRevealed() throws {
        let transformer = try FPERuleTests.transformer(["keep_prefix": .integer(2)])
        let inputs: [String] = (0..<300).map { "+1 415 \(5_550_000 + $0 * 31)" }
        var ascii = try #require(
            FPEASCIIValues(
                table: transformer.table, keepPrefix: 2, keepSuffix: 0, minimumFree: transformer.minimumFree))
        for (row, input) in inputs.enumerated() {
            let taken = ascii.add(input, row: row)
            #expect(taken)
        }
        var masked: [Field] = inputs
        try transformer.transform(&masked, related: [])
        for (input, output) in zip(inputs, masked) {
            let output = try #require(output)
            #expect(output != input && output.hasPrefix("+1 ") && output.count == input.count)
            #expect(try transformer.reveal(output) == input)
        }
    }
}

import Testing
import VeilCore

@testable import VeilMasking

/// `email`'s ASCII path (``EmailASCIIAddresses``) writes exactly what the general path writes, for every address it
/// takes, and leaves every other value (upper case, other scripts, short, no `@`) to the general path.
@Suite("email ASCII path")
struct EmailASCIIPathTests {
    /// Random values near and inside the ASCII path: lower-case addresses of every length, and values the path must
    /// leave alone.
    static func values(_ count: Int, seed: UInt64) -> [Field] {
        var random = Fixtures.random(seed)
        let local = Array("abcdefghijklmnopqrstuvwxyz0123456789._+-")
        let domain = Array("abcdefghijklmnopqrstuvwxyz0123456789.-")
        func text(_ alphabet: [Character], _ length: Int) -> String {
            String((0..<length).map { _ in random.pick(alphabet) })
        }
        return (0..<count).map { index -> Field in
            switch random.next(below: 12) {
            case 0: return nil
            case 1: return ""
            case 2: return text(local, 1 + random.next(below: 3)) + "@" + text(domain, 1 + random.next(below: 2))
            case 3: return "Person.\(index)@Mail.example"
            case 4: return "иван.\(index)@почта.рф"
            case 5: return "no-at-sign-\(index)"
            case 6: return "trailing.\(index)@"
            case 7: return "@leading\(index).example"
            case 8: return text(local, 200 + random.next(below: 200)) + "@" + text(domain, 8)
            default:
                return text(local, 1 + random.next(below: 24)) + "@" + text(domain, 2 + random.next(below: 12)) + "."
                    + text(Array("comrgnetio"), 2 + random.next(below: 2))
            }
        }
    }

    @Test("the ASCII path's output is the general path's, value for value", arguments: [3, 2, 1])
    func sameAsTheGeneralPath(encoding: Int) throws {
        let transformer = try EmailRuleTests.transformer(["encoding": .integer(encoding)])
        #expect(transformer.takesASCIIPath == (encoding >= 3))
        for seed in 0..<20 {
            BothPaths.expectSame(Self.values(600, seed: 900 + UInt64(seed)), "seed \(seed)") {
                (values, fast) throws(MaskingError) in
                try transformer.transform(&values, takingASCIIPath: fast)
            }
        }
    }

    @Test("values without an @ on both sides fail on both paths at the same row")
    func sameErrors() throws {
        let transformer = try EmailRuleTests.transformer()
        for bad in ["plain", "x@", "@y.example"] {
            var fast: [Field] = ["anna.lee@corp.example", "bo.ng42@mail.example", bad, "cy@d.example"]
            var general = fast
            #expect(throws: MaskingError(rowIndex: 2, reason: EmailAddress.notAnAddress)) {
                try transformer.transform(&fast, takingASCIIPath: true)
            }
            #expect(throws: MaskingError(rowIndex: 2, reason: EmailAddress.notAnAddress)) {
                try transformer.transform(&general, takingASCIIPath: false)
            }
        }
    }

    @Test("an address too long for its varchar column is refused on both paths, naming its row")
    func tooLongForTheColumn() throws {
        let transformer = try EmailRuleTests.transformer(type: "character varying(30)")
        for takingASCIIPath in [true, false] {
            var values: [Field] = ["ab.cd@ef.example", "abcdefgh.ij@kl.example"]
            #expect(throws: MaskingError(rowIndex: 1, reason: EmailTransformer.exampleTooLong)) {
                try transformer.transform(&values, takingASCIIPath: takingASCIIPath)
            }
        }
    }

    @Test("the path takes lower-case ASCII addresses only")
    func whatThePathTakes() {
        var numerals: [UInt16] = []
        func takes(_ value: String) -> Bool {
            var value = value
            return value.withUTF8 { EmailASCIIAddresses.fold($0, into: &numerals) }
        }
        #expect(takes("john.smith+tag@acme.co.uk") && numerals.count == 20)
        #expect(!takes("John@acme.com"))
        #expect(!takes("josé@acme.es"))
        #expect(!takes("john@"))
        #expect(!takes("@acme.com"))
        #expect(takes("a@b@c") && numerals == [10, 11, 12])
    }
}

import Foundation
import Testing
import VeilCore

@testable import VeilMasking

@Suite("scrub")
struct ScrubRuleTests {
    /// A planted value of `kind`, written in one of the layouts the detector should find.
    static func planted(_ kind: PIIKind, _ random: inout SeededRandom) -> String {
        switch kind {
        case .email:
            let name = random.pick(WordLists.firstNamesForEmail)
            return "\(name).\(random.next(below: 10_000))@\(random.pick(["mail.test", "corp.example.org", "x.io"]))"
        case .card:
            let digits = Fixtures.cardNumber(length: random.pick([13, 15, 16, 19]), prefix: "4", &random)
            guard digits.count == 16 else { return digits }
            let separator = random.pick(["", " ", "-"])
            return stride(from: 0, to: 16, by: 4).map { offset in
                String(digits.dropFirst(offset).prefix(4))
            }.joined(separator: separator)
        case .iban:
            return iban(&random, grouped: random.chance(1, in: 2))
        case .ssn:
            return "\(100 + random.next(below: 800))-\(10 + random.next(below: 90))-\(1000 + random.next(below: 9000))"
        case .phone:
            let area = 200 + random.next(below: 700)
            let (first, second) = (Fixtures.digits(4, &random), Fixtures.digits(4, &random))
            switch random.next(below: 4) {
            case 0: return "+44 20 \(first) \(second)"
            case 1: return "+1-\(area)-555-\(first)"
            case 2: return "(\(area)) 555-\(first)"
            default: return "\(area)-555-\(first)"
            }
        case .ipv4:
            return (0..<4).map { _ in String(random.next(below: 256)) }.joined(separator: ".")
        case .ipv6:
            return random.pick(["2001:db8::\(random.next(below: 9999))", "fe80::1ff:fe23:4567:890a"])
        }
    }

    /// A German IBAN with correct check digits, optionally in groups of four.
    static func iban(_ random: inout SeededRandom, grouped: Bool) -> String {
        let account = Fixtures.digits(18, &random)
        var check = 0
        for byte in Array((account + "DE00").utf8) {
            check =
                PIIText.isDigit(byte)
                ? (check * 10 + Int(byte - 0x30)) % 97 : (check * 100 + Int(byte - 0x41 + 10)) % 97
        }
        let digits = 98 - check
        let text = "DE" + (digits < 10 ? "0\(digits)" : "\(digits)") + account
        guard grouped else { return text }
        return stride(from: 0, to: text.count, by: 4).map { String(text.dropFirst($0).prefix(4)) }
            .joined(separator: " ")
    }

    /// A text of ordinary words with values planted at random positions, the words and the planted values.
    static func text(_ random: inout SeededRandom) -> (text: String, words: [String], planted: [(PIIKind, String)]) {
        var parts: [String] = []
        var words: [String] = []
        var planted: [(PIIKind, String)] = []
        for _ in 0..<(5 + random.next(below: 20)) {
            if random.chance(1, in: 4) {
                let kind = random.pick([PIIKind.email, .card, .iban, .ssn, .phone])
                let value = Self.planted(kind, &random)
                planted.append((kind, value))
                parts.append(value + random.pick(["", ",", ".", ";"]))
            } else {
                let word = random.pick(WordLists.lastNames) + random.pick(["", ",", ":", " -"])
                words.append(word)
                parts.append(word)
            }
        }
        return (parts.joined(separator: " "), words, planted)
    }

    @Test func scrubbedTextsKeepEveryWordAndLoseEveryPlantedValue() throws {
        var random = Fixtures.random(101)
        let samples = (0..<1500).map { _ in Self.text(&random) }
        let outputs = try Fixtures.strings("scrub", samples.map(\.text))
        var plantedCount = 0
        for (sample, output) in zip(samples, outputs) {
            var cursor = output.startIndex
            for word in sample.words {
                let found = output.range(of: word, range: cursor..<output.endIndex)
                #expect(found != nil, "a word was lost or moved")
                cursor = found?.upperBound ?? cursor
            }
            for (_, value) in sample.planted {
                plantedCount += 1
                #expect(!output.contains(value), "a planted value survived")
            }
        }
        #expect(plantedCount > 1000)
    }

    @Test func theDetectorFindsExactlyThePlantedValues() {
        var random = Fixtures.random(102)
        for _ in 0..<1500 {
            let sample = Self.text(&random)
            let bytes = Array(sample.text.utf8)
            let found = PIIDetector().matches(in: bytes).map {
                ($0.kind, String(decoding: bytes[$0.range], as: UTF8.self))
            }
            #expect(found.map(\.0) == sample.planted.map(\.0))
            #expect(found.map(\.1) == sample.planted.map(\.1))
        }
    }

    @Test("skipping the kinds whose anchors a text lacks never loses or changes a find")
    func anchorsNeverLoseAFind() {
        var random = Fixtures.random(103)
        // Bytes that start, join or end finds, so near misses of every kind are common.
        let pieces = [
            "0", "1", "4", "9", "12", "555", "2024", "-", " ", ".", ":", "::", "@", "+", "(", ")", "a", "F", "DE", "GB",
            "x", "é", "日", "mail", ".example", "com", "_", "\n",
        ]
        var withFinds = 0
        for round in 0..<3000 {
            let text: String
            if round % 2 == 0 {
                text = Self.text(&random).text
            } else {
                text = (0..<random.next(below: 60)).map { _ in random.pick(pieces) }.joined()
            }
            let bytes = Array(text.utf8)
            let matches = PIIDetector().matches(in: bytes)
            #expect(matches == PIIDetector().matchesSearchingEveryKind(in: bytes), "round \(round)")
            if !matches.isEmpty { withFinds += 1 }
        }
        #expect(withFinds > 1000)
    }

    @Test(
        "finds each kind in its layouts",
        arguments: [
            ("mail ann.o-brien+x@mail.example.co.uk.", PIIKind.email, "ann.o-brien+x@mail.example.co.uk"),
            ("card 4111 1111 1111 1111 exp 2024", .card, "4111 1111 1111 1111"),
            ("card 4111-1111-1111-1111", .card, "4111-1111-1111-1111"),
            ("pan:4012888888881881;", .card, "4012888888881881"),
            ("to GB82 WEST 1234 5698 7654 32 today", .iban, "GB82 WEST 1234 5698 7654 32"),
            ("iban DE89370400440532013000.", .iban, "DE89370400440532013000"),
            ("ssn 078-05-1120.", .ssn, "078-05-1120"),
            ("call +44 20 7946 0958!", .phone, "+44 20 7946 0958"),
            ("call (555) 123-4567", .phone, "(555) 123-4567"),
            ("tel: 06 12 34 56 78", .phone, "06 12 34 56 78"),
            ("call 555-1234 now", .phone, "555-1234"),
            ("from 192.168.10.254, again", .ipv4, "192.168.10.254"),
            ("from 2001:db8::8a2e:370:7334 again", .ipv6, "2001:db8::8a2e:370:7334"),
            ("mapped ::ffff:192.0.2.1 here", .ipv6, "::ffff:192.0.2.1"),
        ])
    func findsEachKind(text: String, kind: PIIKind, expected: String) {
        let bytes = Array(text.utf8)
        let found = PIIDetector().matches(in: bytes)
        #expect(found.map(\.kind) == [kind])
        #expect(found.map { String(decoding: bytes[$0.range], as: UTF8.self) } == [expected])
    }

    @Test(
        "leaves numbers that only look like personal data",
        arguments: [
            "order 20240001234 shipped", "ref 1234567812345678 fails Luhn", "1234 5678 9012 3456 fails Luhn too",
            "ORD-123-4567", "on 2022-02-15 at 10:30:00", "version v1.2.3 and 1.2.3.4.5", "paid 1.000.000 EUR",
            "call at 12:30", "IBAN-like DE00370400440532013000 with a bad check", "ratio 1234.5678", "999.1.1.1",
            "user@localhost", "ISBN 978-3-16-148410-0",
        ])
    func leavesLookalikes(text: String) throws {
        #expect(try Fixtures.strings("scrub", [text]) == [text])
    }

    /// Found by the `scrub` fuzz target: in `a@bc.de@fg.hi` the second address's local part reached back over the
    /// first one's domain, so the two finds overlapped and masking the text trapped (a range whose lower bound
    /// passed its upper bound), which would stop a whole run.
    @Test("an address whose domain runs into another address: finds never overlap (fuzz: scrub)")
    func chainedAddresses() throws {
        let text = "write a@bc.de@fg.hi now"
        let bytes = Array(text.utf8)
        let found = PIIDetector().matches(in: bytes)
        #expect(found.map { String(decoding: bytes[$0.range], as: UTF8.self) } == ["a@bc.de"])
        for (first, second) in zip(found, found.dropFirst()) {
            #expect(first.range.upperBound <= second.range.lowerBound)
        }
        guard zip(found, found.dropFirst()).allSatisfy({ $0.range.upperBound <= $1.range.lowerBound }) else { return }
        let output = try #require(try Fixtures.strings("scrub", [text]).first)
        #expect(output.hasPrefix("write ") && output.hasSuffix("@fg.hi now") && !output.contains("a@bc.de"))
    }

    @Test func aLinkedRuleMasksFindsExactlyLikeItsColumn() throws {
        let linked = try Fixtures.transformer("fake.email", domain: "public.customers.email")
        let base = Fixtures.context("scrub")
        let transformer = try ScrubTransformer(
            RuleContext(
                arguments: base.arguments, domain: "public.tickets.body", keys: base.keys, column: base.column,
                nested: ["email": linked]))
        var column: [Field] = ["Hi, I am ann@mail.test and bob@mail.test.", "bob@mail.test"]
        try transformer.transform(&column, related: [])
        var direct: [Field] = ["ann@mail.test", "bob@mail.test"]
        try linked.transform(&direct, related: [])
        #expect(column[0] == "Hi, I am \(direct[0]!) and \(direct[1]!).")
        #expect(column[1] == direct[1])
    }

    @Test func detectLimitsTheKinds() throws {
        let text = "ann@mail.test paid with 4111 1111 1111 1111"
        let output = try #require(try Fixtures.strings("scrub", [text], ["detect": .list(["card"])]).first)
        #expect(output.hasPrefix("ann@mail.test paid with "))
        #expect(!output.contains("4111 1111 1111 1111"))
    }

    @Test func refusesUnknownKindsAndNonTextColumns() {
        #expect(throws: RuleConfigurationError.self) {
            try Fixtures.transformer("scrub", ["detect": .list(["email", "passport"])])
        }
        #expect(throws: RuleConfigurationError.self) { try Fixtures.transformer("scrub", type: "integer") }
    }
}

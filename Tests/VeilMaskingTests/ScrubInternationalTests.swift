import Testing
import VeilCore

@testable import VeilMasking

/// `scrub` and `veil scan`'s classifier on internationalized email addresses (RFC 6531) inside free text.
@Suite("scrub, internationalized emails")
struct ScrubInternationalTests {
    @Test(
        "finds the whole address, whatever its script",
        arguments: [
            ("write to james.иванов@corp.ru today", "james.иванов@corp.ru"),
            ("письмо от Иван.Петров.84@почта.рф.", "Иван.Петров.84@почта.рф"),
            ("mail josé.núñez@acme.es, thanks", "josé.núñez@acme.es"),
            ("Kontakt: jürgen.müller@münchen.de.", "jürgen.müller@münchen.de"),
            ("από γιώργος.παπαδόπουλος@mail.gr σήμερα", "γιώργος.παπαδόπουλος@mail.gr"),
            ("联系 张伟@例子.中国 谢谢", "张伟@例子.中国"),
            ("请发到zhang.wei@example.cn谢谢", "zhang.wei@example.cn"),
            ("メールはtaro.yamada@example.jpまで", "taro.yamada@example.jp"),
            ("(محمد.علي@mail.eg)", "محمد.علي@mail.eg"),
            ("ivan.petrov@mail.ru", "ivan.petrov@mail.ru"),
        ])
    func findsInternationalizedAddresses(text: String, expected: String) {
        let bytes = Array(text.utf8)
        let found = PIIDetector().matches(in: bytes)
        #expect(found.map(\.kind) == [.email])
        #expect(found.map { String(decoding: bytes[$0.range], as: UTF8.self) } == [expected])
    }

    @Test(
        "masks the whole address and keeps the text around it",
        arguments: [
            ("write to james.иванов@corp.ru today", "write to ", " today"),
            ("письмо от Иван.Петров.84@почта.рф.", "письмо от ", "."),
            ("联系 张伟.王芳@例子.中国 谢谢", "联系 ", " 谢谢"),
            ("mail josé.núñez.garcía@acme.es, thanks", "mail ", ", thanks"),
            ("ΓΙΏΡΓΟΣ.ΠΑΠΑΔΌΠΟΥΛΟΣ@MAIL.GR!", "", "!"),
        ])
    func masksTheWholeAddress(text: String, prefix: String, suffix: String) throws {
        let output = try #require(try Fixtures.strings("scrub", [text]).first)
        #expect(output.hasPrefix(prefix) && output.hasSuffix(suffix), "\(output)")
        let address = String(text.dropFirst(prefix.count).dropLast(suffix.count))
        #expect(InternationalEmailSamples.survivingRuns(of: address, in: output).isEmpty, "\(output)")
        #expect(!output.contains(address))
    }

    /// Texts of lorem words with internationalized addresses planted among them, and the addresses of each.
    static func plantedTexts() -> (texts: [String], planted: [[String]]) {
        var random = Fixtures.random(133)
        let addresses = InternationalEmailSamples.addresses(1200, seed: 134)
        var texts: [String] = []
        var planted: [[String]] = []
        var next = 0
        while next < addresses.count {
            var words: [String] = []
            var values: [String] = []
            for _ in 0..<(4 + random.next(below: 12)) {
                if random.chance(1, in: 3) && next < addresses.count {
                    values.append(addresses[next])
                    words.append(addresses[next] + random.pick(["", ",", ".", ";"]))
                    next += 1
                } else {
                    words.append(random.pick(WordLists.loremWords))
                }
            }
            texts.append(words.joined(separator: " "))
            planted.append(values)
        }
        return (texts, planted)
    }

    /// As for `email` (see `EmailInternationalTests`): no run of four letters of a planted local part is carried into
    /// the scrubbed text — none survives under two unrelated keys — and a chance repeat under one key is rare.
    @Test func noRunOfFourLettersOfAPlantedLocalPartIsCarriedOver() throws {
        let (texts, planted) = Self.plantedTexts()
        let outputs = try Fixtures.strings("scrub", texts)
        let otherOutputs = try Fixtures.strings("scrub", texts, ring: Fixtures.otherRing)
        var checked = 0
        var chance = 0
        for index in texts.indices {
            for value in planted[index] {
                // Runs that the rest of the text holds anyway (a lorem word) prove nothing.
                let rest = texts[index].replacingOccurrences(of: value, with: " ").lowercased()
                let runs = InternationalEmailSamples.survivingRuns(of: value, in: outputs[index]).filter {
                    !rest.contains($0)
                }
                let otherRuns = InternationalEmailSamples.survivingRuns(of: value, in: otherOutputs[index])
                let carried = Set(runs).intersection(otherRuns)
                #expect(carried.isEmpty, "\(value) keeps \(carried.sorted()) in \(outputs[index])")
                #expect(!outputs[index].contains(value))
                if !runs.isEmpty { chance += 1 }
                checked += 1
            }
        }
        #expect(checked == 1200)
        #expect(chance <= 3, "\(chance) texts repeat a run of four letters of a planted local part")
    }

    @Test(
        "veil scan's classifier calls internationalized addresses emails",
        arguments: [
            "иван.петров@почта.рф", "Иван.Петров.84@mail.ru", "张伟@例子.中国", "josé.núñez@acme.es",
            " γιώργος@mail.gr ", "james.иванов@corp.ru",
        ])
    func classifierSeesEmails(value: String) {
        let classifier = ValueClassifier()
        #expect(classifier.wholeValueKind(value) == .email)
        #expect(classifier.containedKinds("write to \(value) today").contains(.email))
    }
}

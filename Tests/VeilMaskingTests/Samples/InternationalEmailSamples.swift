@testable import VeilMasking

/// Internationalized email addresses (RFC 6531) for the `email` and `scrub` tests: Cyrillic, CJK, accented Latin,
/// Greek, Arabic, Hangul and mixed local parts, at ASCII and internationalized domains.
enum InternationalEmailSamples {
    static let greekNames = [
        "γιώργος", "παπαδόπουλος", "ελένη", "νικόλαος", "κωνσταντίνος", "μαρία", "δημήτρης", "αικατερίνη", "ιωάννης",
        "σοφία", "ΓΙΑΝΝΗΣ", "Αθανάσιος",
    ]
    static let arabicNames = ["محمد", "أحمد", "فاطمة", "عبدالله", "خديجة", "يوسف"]
    static let hangulNames = ["김민준", "이서연", "박지훈", "최유진", "정하늘"]
    static let domains = [
        "mail.ru", "yandex.ru", "почта.рф", "qq.com", "例子.中国", "münchen.de", "acme.es", "ελληνικά.gr", "gmail.com",
        "corp.example.org",
    ]

    /// A locale's given names and surnames, spaces taken out (`María José` → `MaríaJosé`: an unquoted local part
    /// has no space).
    static func names(_ locale: String) -> (first: [String], last: [String]) {
        let names = WordLists.localeNames[locale]
        func joined(_ list: [String]?) -> [String] { (list ?? []).map { $0.filter { $0 != " " } } }
        return (joined(names?.female) + joined(names?.male), joined(names?.last))
    }

    /// Names of a Latin-script locale that hold a letter beyond ASCII (`Adèle`, `Wójcik`, `Çelik`).
    static let accentedNames: [String] = ["fr", "es", "pl", "tr", "de", "it", "pt", "sv"].flatMap { locale in
        let (first, last) = names(locale)
        return (first + last).filter { !$0.allSatisfy(\.isASCII) }
    }

    /// A digit suffix, often absent.
    static func digits(_ random: inout SeededRandom) -> String {
        random.chance(1, in: 2) ? String(random.next(below: 1000)) : ""
    }

    /// One local part of the given script family: 0 Cyrillic, 1 CJK, 2 accented Latin, 3 Greek, 4 mixed with ASCII,
    /// 5 Arabic or Hangul.
    static func localPart(_ family: Int, _ random: inout SeededRandom) -> String {
        let separator = random.pick([".", "_", "-", ""])
        switch family {
        case 0:
            let (first, last) = names("ru")
            let name = random.pick(first) + separator + random.pick(last)
            let cased = random.chance(1, in: 3) ? name : name.lowercased()
            return cased + (random.chance(1, in: 2) ? "." + digits(&random) : digits(&random))
        case 1:
            let locale = random.pick(["zh", "ja"])
            let (first, last) = names(locale)
            let name = random.pick(last) + random.pick(["", "."]) + random.pick(first)
            return name + random.pick(["", ".", "_"]) + digits(&random)
        case 2:
            let name = random.pick(accentedNames) + separator + random.pick(accentedNames)
            return (random.chance(1, in: 2) ? name.lowercased() : name) + digits(&random)
        case 3:
            return random.pick(greekNames) + separator + random.pick(greekNames) + digits(&random)
        case 4:
            let ascii = random.pick(WordLists.firstNamesForEmail)
            let other = localPart(random.pick([0, 1, 2, 3]), &random)
            return random.chance(1, in: 2) ? ascii + "." + other : other + "." + ascii
        default:
            return random.pick(arabicNames + hangulNames) + separator + digits(&random)
        }
    }

    /// `count` distinct addresses, every family in turn.
    static func addresses(_ count: Int, seed: UInt64) -> [String] {
        var family = 0
        return Fixtures.distinct(count, seed: seed) { random in
            family += 1
            return localPart(family % 6, &random) + "@" + random.pick(domains)
        }
    }

    /// Every four consecutive letters of `text`, lower-cased: what must not survive masking.
    static func fourLetterRuns(_ text: some StringProtocol) -> Set<String> {
        let characters = Array(text.lowercased())
        guard characters.count >= 4 else { return [] }
        var runs: Set<String> = []
        for start in 0...(characters.count - 4) {
            let window = characters[start..<(start + 4)]
            if window.allSatisfy(\.isLetter) { runs.insert(String(window)) }
        }
        return runs
    }

    /// The runs of four letters of `input`'s local part that `output` contains (empty when nothing survived).
    static func survivingRuns(of input: String, in output: some StringProtocol) -> [String] {
        guard let at = input.lastIndex(of: "@") else { return [] }
        let masked = output.lowercased()
        return fourLetterRuns(input[..<at]).filter { masked.contains($0) }.sorted()
    }

    /// What `email` made of the input under `mail_domain`: the output without the parts it copies or adds (a kept
    /// domain, a kept top-level domain, the `@example.xxx` suffix), where no run of the local part may be.
    static func maskedPart(of output: String, mailDomain: String) throws -> Substring {
        let address = try EmailAddress(output)
        switch mailDomain {
        case "tokenize": return output.dropLast(address.topLevel.count)
        default: return address.local
        }
    }
}

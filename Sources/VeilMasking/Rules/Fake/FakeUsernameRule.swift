/// `fake.username`: a name-based handle with digits, such as `anna.kowalska87`, `jsmith1994`,
/// `lukas_weber402` or `mariagarcia31`.
///
/// A folded-to-ASCII given name and surname (`Łukasz` → `lukasz`, `Смирнов` → `smirnov`; names in
/// scripts that do not fold, such as kanji, are skipped) in one of six patterns (`first.last`,
/// `first_last`, `firstlast`, `flast`, `first.l`, `lastfirst`), then two digits, a year-like number
/// from 1950 to 2012, or three digits: about 2^32 handles, lower-case ASCII letters, digits, `.` and
/// `_`. In a short `varchar(n)` column the name part is shortened first, keeping the digits. No
/// parameters. One-way.
public enum FakeUsernameRule {
    public static let definition = FakeRule.definition(
        kind: "username", summary: "deterministic synthetic username (name-based handle with digits)",
        outputBits: { _ in 32 }, makeGenerator: { _ throws(RuleConfigurationError) in UsernameGenerator() }
    )
    .withOutputSpace(.shapes([.words, .mixed]))
}

struct UsernameGenerator: ComposingGenerator {
    var requiredLists: [[String]] { [WordLists.foldedFirstNames, WordLists.foldedLastNames] }

    func compose<Destination: TextDestination>(
        for input: String, random: inout SeededRandom, maximumLength: Int?, to destination: inout Destination
    ) {
        let first = random.pick(WordLists.foldedFirstNames)
        let last = random.pick(WordLists.foldedLastNames)
        // `first.last`, `first_last`, `firstlast`, `flast`, `first.l` or `lastfirst`.
        let pattern = random.next(below: 6)
        let lead = pattern == 5 ? last[...] : pattern == 3 ? first.prefix(1) : first[...]
        let separator = pattern == 0 || pattern == 4 ? "." : pattern == 1 ? "_" : ""
        let tail = pattern == 5 ? first[...] : pattern == 4 ? last.prefix(1) : last[...]
        // Two digits, a year or three digits.
        let (number, width) =
            switch random.next(below: 3) {
            case 0: (random.next(below: 10) * 10 + random.next(below: 10), 2)
            case 1: (1950 + random.next(below: 63), 4)
            default: (100 + random.next(below: 900), 3)
            }
        let nameLength = lead.utf8.count + separator.utf8.count + tail.utf8.count
        if let maximumLength, nameLength + width > maximumLength {
            var name = String(lead) + separator + String(tail)
            name = String(name.prefix(max(1, maximumLength - width)))
            while name.last == "." || name.last == "_" { name.removeLast() }
            destination.join(name, Self.digits(number, width: width))
            return
        }
        destination.compose(capacity: nameLength + width) { text in
            text.append(String(lead))
            text.append(separator)
            text.append(String(tail))
            text.append(decimal: number, width: width)
        }
    }

    private static func digits(_ number: Int, width: Int) -> String {
        ComposedText.compose(capacity: width) { $0.append(decimal: number, width: width) }
    }
}

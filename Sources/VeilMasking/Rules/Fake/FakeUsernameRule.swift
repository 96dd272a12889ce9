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

struct UsernameGenerator: SyntheticGenerator {
    var requiredLists: [[String]] { [WordLists.foldedFirstNames, WordLists.foldedLastNames] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        let first = random.pick(WordLists.foldedFirstNames)
        let last = random.pick(WordLists.foldedLastNames)
        var name: String
        switch random.next(below: 6) {
        case 0: name = "\(first).\(last)"
        case 1: name = "\(first)_\(last)"
        case 2: name = first + last
        case 3: name = first.prefix(1) + last
        case 4: name = "\(first).\(last.prefix(1))"
        default: name = last + first
        }
        let digits: String
        switch random.next(below: 3) {
        case 0: digits = String(random.next(below: 10)) + String(random.next(below: 10))
        case 1: digits = String(1950 + random.next(below: 63))
        default: digits = String(100 + random.next(below: 900))
        }
        if let maximumLength, name.utf8.count + digits.utf8.count > maximumLength {
            name = String(name.prefix(max(1, maximumLength - digits.utf8.count)))
            while name.last == "." || name.last == "_" { name.removeLast() }
        }
        return name + digits
    }
}

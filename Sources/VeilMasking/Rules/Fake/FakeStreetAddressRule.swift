/// `fake.street_address`: `1234 Oak Street`, a house number, a street name and a suffix.
///
/// House numbers 1 to 9999, about 175 street names and 20 suffixes: 35 million combinations. No
/// parameters.
public enum FakeStreetAddressRule {
    public static let definition = FakeRule.definition(
        kind: "street_address", summary: "deterministic synthetic street address",
        generator: StreetAddressGenerator()
    )
    .withOutputSpace(.shapes([.words, .mixed, .digits]))
}

struct StreetAddressGenerator: ComposingGenerator {
    var requiredLists: [[String]] { [WordLists.streetNames, WordLists.streetSuffixes] }

    func compose<Destination: TextDestination>(
        for input: String, random: inout SeededRandom, maximumLength: Int?, to destination: inout Destination
    ) {
        let number = 1 + random.next(below: 9999)
        let name = random.pick(WordLists.streetNames)
        let suffix = random.pick(WordLists.streetSuffixes)
        destination.compose(capacity: 6 + name.utf8.count + suffix.utf8.count) { text in
            text.append(decimal: number)
            text.append(ascii: 0x20)
            text.append(name)
            text.append(ascii: 0x20)
            text.append(suffix)
        }
    }
}

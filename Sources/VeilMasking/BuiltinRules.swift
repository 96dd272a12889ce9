/// The rule catalogue Veil ships, listed explicitly (as ArgumentParser lists `subcommands:`).
///
/// Each rule lives in its own file under `Rules/` and uses only the public ``Transformer`` contract.
/// Add a rule by writing its file and listing its definition here.
public enum BuiltinRules {
    public static let all: [RuleDefinition] = [
        KeepRule.definition,
        NullRule.definition,
        RedactRule.definition,
        MaskRule.definition,
        HMACRule.definition,
        FPERule.definition,
        CardRule.definition,
        TokenizeRule.definition,
        ShiftDateRule.definition,
        FakeFirstNameRule.definition,
        FakeLastNameRule.definition,
        FakeFullNameRule.definition,
        FakeEmailRule.definition,
        FakePhoneRule.definition,
        FakeStreetAddressRule.definition,
        FakeCityRule.definition,
        FakePostcodeRule.definition,
        FakeCompanyRule.definition,
        GeneralizeRule.definition,
        NoiseRule.definition,
        JSONRule.definition,
        ScrubRule.definition,
    ]

    private static let byName: [String: RuleDefinition] = Dictionary(
        all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The built-in rule called `name` (`fpe`, `fake.email`...), or `nil`.
    public static func named(_ name: String) -> RuleDefinition? {
        byName[name]
    }
}

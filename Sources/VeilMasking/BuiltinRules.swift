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
        IBANRule.definition,
        SSNRule.definition,
        UUIDRule.definition,
        EmailRule.definition,
        PhoneRule.definition,
        IPv4Rule.definition,
        IPv6Rule.definition,
        IPRule.definition,
        TokenizeRule.definition,
        ShiftDateRule.definition,
        GeneralizeRule.definition,
        NoiseRule.definition,
        JSONRule.definition,
        ScrubRule.definition,
        FakeFirstNameRule.definition,
        FakeLastNameRule.definition,
        FakeFullNameRule.definition,
        FakeEmailRule.definition,
        FakePhoneRule.definition,
        FakeStreetAddressRule.definition,
        FakeCityRule.definition,
        FakePostcodeRule.definition,
        FakeCompanyRule.definition,
        FakeUsernameRule.definition,
        FakeStateRule.definition,
        FakeCountryRule.definition,
        FakeJobTitleRule.definition,
        FakeDateOfBirthRule.definition,
        FakeDateRule.definition,
        FakeDateTimeRule.definition,
        FakeTimeRule.definition,
        FakeURLRule.definition,
        FakeDomainRule.definition,
        FakeWordRule.definition,
        FakeSentenceRule.definition,
        FakeParagraphRule.definition,
        FakeIntegerRule.definition,
        FakeDecimalRule.definition,
        FakeChoiceRule.definition,
        FakeTemplateRule.definition,
        FakeIBANRule.definition,
        FakeCardRule.definition,
        FakeSSNRule.definition,
        FakeUUIDRule.definition,
        FakeIPv4Rule.definition,
        FakeIPv6Rule.definition,
        FakeMACRule.definition,
    ]

    private static let byName: [String: RuleDefinition] = Dictionary(
        all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The built-in rule called `name` (`fpe`, `fake.email`...), or `nil`.
    public static func named(_ name: String) -> RuleDefinition? {
        byName[name]
    }
}

/// `fake.template`: text built from a pattern of literal text and placeholders, such as
/// `{first_name:ascii}.{last_name:ascii}@corp.test` → `lucia.garcia@corp.test` or
/// `INV-{LETTERS:3}-{digits:6}` → `INV-QZK-402918`.
///
/// Parameters:
/// - `pattern` (default `{LETTERS:3}-{digits:6}`, a reference code such as `QZK-402918`): placeholders are
///   `{kind}` for every other fake kind with its default arguments (`first_name`, `last_name`,
///   `full_name`, `email`, `phone`, `street_address`, `city`, `postcode`, `company`, `username`, `state`,
///   `country`, `job_title`, `date_of_birth`, `date`, `datetime`, `time`, `url`, `domain`, `word`,
///   `sentence`, `paragraph`, `integer`, `decimal`), `{digits:N}`, `{letters:N}` and `{LETTERS:N}`
///   (N from 1 to 64); `{{` and `}}` write braces. A kind may take a modifier: `{kind:ascii}` folds
///   the value to lower-case ASCII letters (`Łukasz` → `lukasz`, `van Dijk` → `vandijk`; names in
///   scripts that do not fold are drawn again), `{kind:lower}` and `{kind:upper}` change its case. An
///   unknown placeholder is a configuration error naming it.
///
/// All placeholders draw from the value's one keyed stream, so the whole result is deterministic.
/// Shape-following kinds get a neutral input (a phone is `(DDD) DDD-DDDD`, a sentence about 60
/// characters), never the real value's. Names are used as they are unless `:ascii` folds them. `outputBits` sums the placeholders' sizes, so a
/// pattern with enough digits can serve a unique column. One-way.
public enum FakeTemplateRule {
    static let defaultPattern = "{LETTERS:3}-{digits:6}"

    public static let definition = FakeRule.definition(
        kind: "template", summary: "deterministic synthetic text from a pattern of fake kinds and digits",
        parameters: [
            ParameterDefinition(
                name: "pattern", kind: .string, defaultValue: .string(defaultPattern),
                summary: "literal text with {kind}, {digits:N}, {letters:N}, {LETTERS:N} placeholders")
        ],
        outputBits: { arguments in
            guard case .string(let pattern)? = arguments["pattern"], let template = try? SyntheticTemplate(pattern)
            else { return nil }
            return template.bits
        },
        makeGenerator: { context throws(RuleConfigurationError) in
            TemplateGenerator(template: try SyntheticTemplate(context.string("pattern") ?? defaultPattern))
        }
    )
    .withOutputSpace(.shapes(Set(ValueShape.allCases)))
}

struct TemplateGenerator: SyntheticGenerator {
    let template: SyntheticTemplate

    var requiredLists: [[String]] {
        template.parts.flatMap { part -> [[String]] in
            if case .kind(let kind, _) = part { return kind.generator.requiredLists }
            return []
        }
    }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        template.generate(&random)
    }
}

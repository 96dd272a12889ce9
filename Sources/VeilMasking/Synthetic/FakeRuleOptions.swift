import VeilCore

extension FakeTransformer {
    /// A transformer whose generator writes into the column types `accepts` allows (given the parsed and
    /// the declared type), not only text: numbers for `fake.integer`, dates for `fake.date`.
    init(
        _ context: RuleContext, kind: String, generator: Generator, accepts: (ColumnType, String) -> Bool
    ) throws(RuleConfigurationError) {
        type = ColumnType(context.column.type)
        guard accepts(type, context.column.type) else {
            throw RuleConfigurationError("fake.\(kind) cannot write a column of type \(context.column.type)")
        }
        guard generator.requiredLists.allSatisfy({ !$0.isEmpty }) else {
            throw RuleConfigurationError("fake.\(kind) cannot find its word lists in the installation")
        }
        seed = KeyedSeed(hmac: context.keys.hmac, label: "fake.\(kind)")
        self.generator = generator
    }
}

extension FakeRule {
    /// Whether a column holds text (the default for fake kinds).
    static let textColumns: @Sendable (ColumnType, String) -> Bool = { type, _ in type.isTextual }

    /// The catalogue entry of a `fake.<kind>` rule that has parameters or writes more than text columns.
    /// - Parameters:
    ///   - outputBits: about log2 of the distinct values under the given arguments (see
    ///     ``RuleDefinition/outputBits``).
    ///   - accepts: which column types (parsed, declared) the kind can write; text only by default.
    ///   - makeGenerator: builds the generator from the validated arguments and the column, throwing
    ///     ``RuleConfigurationError`` for arguments that do not fit.
    static func definition<Generator: SyntheticGenerator>(
        kind: String, summary: String, parameters: [ParameterDefinition] = [],
        outputBits: @escaping @Sendable ([String: ParameterValue]) -> Int? = { _ in nil },
        accepts: @escaping @Sendable (ColumnType, String) -> Bool = textColumns,
        makeGenerator: @escaping @Sendable (RuleContext) throws(RuleConfigurationError) -> Generator
    ) -> RuleDefinition {
        RuleDefinition(
            name: "fake.\(kind)", summary: summary, parameters: parameters, isKeyed: true, outputBits: outputBits,
            make: { context throws(RuleConfigurationError) in
                try FakeTransformer(context, kind: kind, generator: try makeGenerator(context), accepts: accepts)
            }
        )
        .withLeakRole(.secretSynthetic)
    }
}

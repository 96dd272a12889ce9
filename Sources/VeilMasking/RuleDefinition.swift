import VeilCore

/// A rule of the catalogue: its name, the parameters it declares, and how to build a transformer.
///
/// Built-in rules use only this public contract, as a third-party rule would.
public struct RuleDefinition: Sendable {
    /// The name a profile uses: `fpe`, `fake.email`...
    public let name: String
    /// One line for `veil rules`.
    public let summary: String
    public let parameters: [ParameterDefinition]
    /// Whether outputs depend on the key store (all but keep, null, redact, mask).
    public let isKeyed: Bool
    /// Whether an authorized detokenization can recover the input (given a large enough domain).
    public let isReversible: Bool
    /// Whether distinct inputs always give distinct outputs (keeps a unique column unique).
    public let isBijective: Bool
    /// Whether it may turn a non-NULL value into NULL (refused on NOT NULL columns).
    public let mayProduceNull: Bool
    /// For a reversible or bijective rule: why these arguments make it one-way (too small a free part, a
    /// lossy fallback), or `nil` when they keep it reversible and one-to-one. `veil check` prints the reason.
    public let oneWayReason: @Sendable ([String: ParameterValue]) -> String?
    /// For a lossy rule: about how many bits of distinct outputs it draws from under these arguments
    /// (`fake.email` ~53, `hmac` of 16 hex digits 64), or `nil` when small or unknown. A unique column
    /// accepts a lossy rule only when this is large enough that collisions are negligible.
    public let outputBits: @Sendable ([String: ParameterValue]) -> Int?
    public let make: @Sendable (RuleContext) throws(RuleConfigurationError) -> any Transformer
    /// What the leak check makes of a column under this rule (``LeakRole/secret`` unless the rule says otherwise).
    public private(set) var leakRole: LeakRole = .secret
    /// The format space of the rule's outputs (``OutputSpace/inputShape`` unless the rule says otherwise).
    public private(set) var outputSpace: OutputSpace = .inputShape
    /// Whether the rule, by a documented design, gives this value back unchanged (`noise` on `NaN` or `Infinity`,
    /// `shift_date` on `infinity`): the leak check does not count such an output equal to its own row's original.
    /// `nil` (the default): every output equal to its input counts.
    public private(set) var keepsUnchanged: (@Sendable (String) -> Bool)?
    /// Values of parameters added after the rule first shipped, as they were before: what a record of the rule's
    /// arguments that lacks the parameter means (`email`'s `encoding` is 1 in a record made before encodings).
    /// Used when a reversible domain's recorded rule is rebuilt to reveal old tokens.
    public private(set) var priorDefaults: [String: ParameterValue] = [:]
    /// How many characters longer than its input an output is under these arguments (`email` with
    /// `mail_domain: example`: 12), or `nil` when outputs keep the input's length or are fitted to the column's.
    /// `veil check` measures the longest value of such a column with a declared length (`varchar(n)`) and refuses
    /// the rule when its output would not fit.
    public private(set) var lengthGrowth: @Sendable ([String: ParameterValue]) -> Int? = { _ in nil }

    public init(
        name: String, summary: String, parameters: [ParameterDefinition] = [], isKeyed: Bool,
        isReversible: Bool = false, isBijective: Bool = false, mayProduceNull: Bool = false,
        oneWayReason: @escaping @Sendable ([String: ParameterValue]) -> String? = { _ in nil },
        outputBits: @escaping @Sendable ([String: ParameterValue]) -> Int? = { _ in nil },
        make: @escaping @Sendable (RuleContext) throws(RuleConfigurationError) -> any Transformer
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.isKeyed = isKeyed
        self.isReversible = isReversible
        self.isBijective = isBijective
        self.mayProduceNull = mayProduceNull
        self.oneWayReason = oneWayReason
        self.outputBits = outputBits
        self.make = make
    }

    /// The same rule with another ``LeakRole``.
    public func withLeakRole(_ role: LeakRole) -> RuleDefinition {
        var copy = self
        copy.leakRole = role
        return copy
    }

    /// The same rule with another ``OutputSpace``.
    public func withOutputSpace(_ space: OutputSpace) -> RuleDefinition {
        var copy = self
        copy.outputSpace = space
        return copy
    }

    /// The same rule, declaring the values it passes through unchanged by design (see ``keepsUnchanged``).
    public func withKeepsUnchanged(_ predicate: @escaping @Sendable (String) -> Bool) -> RuleDefinition {
        var copy = self
        copy.keepsUnchanged = predicate
        return copy
    }

    /// The same rule with a ``lengthGrowth``.
    public func withLengthGrowth(_ growth: @escaping @Sendable ([String: ParameterValue]) -> Int?) -> RuleDefinition {
        var copy = self
        copy.lengthGrowth = growth
        return copy
    }

    /// The same rule with ``priorDefaults``.
    public func withPriorDefaults(_ defaults: [String: ParameterValue]) -> RuleDefinition {
        var copy = self
        copy.priorDefaults = defaults
        return copy
    }

    /// Whether distinct inputs always give distinct outputs under `arguments`.
    public func isBijective(_ arguments: [String: ParameterValue]) -> Bool {
        isBijective && oneWayReason(arguments) == nil
    }

    /// Whether an authorized detokenization can recover inputs under `arguments`.
    public func isReversible(_ arguments: [String: ParameterValue]) -> Bool {
        isReversible && oneWayReason(arguments) == nil
    }
}

/// A parameter a rule declares: its name, kind, default and a one-line summary.
public struct ParameterDefinition: Sendable {
    public enum Kind: Sendable, Equatable {
        case string
        case integer(ClosedRange<Int>)
        case boolean
        /// One of a fixed set of words.
        case choice([String])
        /// A list of strings (`detect: [email, card]`, `values: [a, b, c]`).
        case list
        /// A map of keys (JSON paths, PII kinds) to nested rules (`paths:` of `json`). The planner validates
        /// each nested rule like a column's and hands the built transformers to the rule as
        /// ``RuleContext/nested``; the raw map never reaches ``RuleContext/arguments``.
        case rules
    }

    public let name: String
    public let kind: Kind
    /// The value used when the profile omits it; `nil` means the parameter is optional with no default.
    public let defaultValue: ParameterValue?
    public let summary: String

    public init(name: String, kind: Kind, defaultValue: ParameterValue? = nil, summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// A parameter value from a profile.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case list([String])

    public var description: String {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .boolean(let value): String(value)
        case .list(let values): "[" + values.joined(separator: ", ") + "]"
        }
    }
}

/// Everything a rule needs to build its transformer for one column.
public struct RuleContext: Sendable {
    /// Validated arguments: every declared parameter with a default is present.
    public let arguments: [String: ParameterValue]
    /// The domain whose keys this column uses (`schema.table.column` unless linked).
    public let domain: String
    public let keys: DomainKeys
    /// The column being masked, with its declared type.
    public let column: Column
    /// The token vault, for rules that store what they issue (`tokenize`); nil when the profile has no vault.
    public let tokens: (any TokenIssuer)?
    /// Transformers of nested rules, by key: `json`'s paths (`$.a.b`) or `scrub`'s PII kinds (`email`).
    /// Built by the planner from the profile, each under its own domain; empty for other rules.
    public let nested: [String: any Transformer]

    public init(
        arguments: [String: ParameterValue], domain: String, keys: DomainKeys, column: Column,
        tokens: (any TokenIssuer)? = nil, nested: [String: any Transformer] = [:]
    ) {
        self.arguments = arguments
        self.domain = domain
        self.keys = keys
        self.column = column
        self.tokens = tokens
        self.nested = nested
    }

    public func string(_ name: String) -> String? {
        if case .string(let value)? = arguments[name] { return value }
        return nil
    }

    public func integer(_ name: String) -> Int? {
        if case .integer(let value)? = arguments[name] { return value }
        return nil
    }

    public func boolean(_ name: String) -> Bool? {
        if case .boolean(let value)? = arguments[name] { return value }
        return nil
    }

    public func list(_ name: String) -> [String]? {
        if case .list(let values)? = arguments[name] { return values }
        return nil
    }
}

/// A rule's parameters do not fit together or do not fit the column. Never carries a data value.
public struct RuleConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

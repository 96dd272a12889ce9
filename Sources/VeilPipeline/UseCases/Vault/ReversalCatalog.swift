import VeilCore
import VeilMasking
import VeilVault

/// Records in the vault how each reversible format domain (`fpe`, `card`, `email`...) was masked — the rule, every
/// argument with its default filled in (so `email`'s `encoding`), the column type — and rebuilds those rules later
/// to reverse their tokens with the key version that made them, so the detokenization service needs neither the
/// profile's schema nor the source. A record lacking a parameter added since reads it as it was before
/// (``RuleDefinition/priorDefaults``).
public enum ReversalCatalog {
    /// Records every reversible, non-vaulted column of the plan.
    static func record(_ plan: MaskingPlan, in vault: TokenVault) throws {
        var seen: Set<String> = []
        for case .mask(let columns) in plan.actions.values {
            for column in columns where column.definition.isReversible && column.definition.name != TokenizeRule.definition.name {
                guard seen.insert(column.domain).inserted else { continue }
                try vault.record(
                    ReversibleDomain(
                        domain: column.domain, rule: column.definition.name,
                        arguments: column.arguments.mapValues(tagged), columnType: column.column.type))
            }
        }
    }

    /// The rule that masked `domain`, rebuilt under data key `version`; nil when no run recorded the domain.
    /// - Parameter encoding: for a rule with an `encoding` parameter (`email`), the encoding to rebuild instead of the
    ///   recorded one: a domain's record holds the latest run's, and older copies' tokens may need an older one.
    ///   Ignored for other rules.
    /// - Throws: `.keyStore` when the version is unknown or retired.
    public static func reverser(
        domain: String, version: Int, encoding: Int? = nil, vault: TokenVault, keys: KeyStore
    ) throws -> (any ReversibleTransformer)? {
        guard let recorded = try vault.reversibleDomain(domain), let definition = BuiltinRules.named(recorded.rule)
        else { return nil }
        let key = try keys.decryptionKey(version: version)
        let ring = MaskingKeyRing(dataKey: key.material, keyVersion: version)
        var arguments = arguments(of: recorded, definition: definition)
        if let encoding, definition.parameters.contains(where: { $0.name == "encoding" }) {
            arguments["encoding"] = .integer(encoding)
        }
        let context = RuleContext(
            arguments: arguments, domain: domain,
            keys: ring.keys(forDomain: domain), column: Column(name: "value", type: recorded.columnType))
        do {
            return try definition.make(context) as? any ReversibleTransformer
        } catch {
            throw VeilError(.internal, "the recorded rule of domain \(domain) no longer builds: \(error.message)")
        }
    }

    /// The recorded arguments, plus the rule's ``RuleDefinition/priorDefaults`` for parameters the record lacks: a
    /// record written before a parameter existed (an `email` domain recorded without `encoding`) rebuilds the rule
    /// as it was then (encoding 1), so its old tokens still reveal.
    static func arguments(of recorded: ReversibleDomain, definition: RuleDefinition) -> [String: ParameterValue] {
        var arguments = recorded.arguments.compactMapValues(untagged)
        for (name, value) in definition.priorDefaults where arguments[name] == nil {
            arguments[name] = value
        }
        return arguments
    }

    static func tagged(_ value: ParameterValue) -> String {
        switch value {
        case .string(let text): "s:" + text
        case .integer(let number): "i:" + String(number)
        case .boolean(let flag): "b:" + String(flag)
        case .list(let items): "l:" + items.joined(separator: "\u{1F}")
        }
    }

    static func untagged(_ text: String) -> ParameterValue? {
        let body = String(text.dropFirst(2))
        switch text.prefix(2) {
        case "s:": return .string(body)
        case "i:": return Int(body).map(ParameterValue.integer)
        case "b:": return Bool(body).map(ParameterValue.boolean)
        case "l:": return .list(body.isEmpty ? [] : body.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init))
        default: return nil
        }
    }
}

extension ReversalCatalog {
    /// The provider a ``FormatReverser`` of the detokenization service uses: recorded domains of this vault,
    /// rebuilt under this key store.
    public static func provider(vault: TokenVault, keys: KeyStore)
        -> @Sendable (String, Int, Int?) throws -> (@Sendable (String) -> String?)?
    {
        { domain, version, encoding in
            guard
                let transformer = try reverser(
                    domain: domain, version: version, encoding: encoding, vault: vault, keys: keys)
            else {
                return nil
            }
            return { token in try? transformer.reveal(token) }
        }
    }
}

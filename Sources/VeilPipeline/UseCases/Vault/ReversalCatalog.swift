import VeilCore
import VeilMasking
import VeilVault

/// Records in the vault how each reversible format domain (`fpe`, `card`) was masked, and rebuilds those rules
/// later to reverse their tokens with the key version that made them — so the detokenization service needs neither
/// the profile's schema nor the source.
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
    /// - Throws: `.keyStore` when the version is unknown or retired.
    public static func reverser(domain: String, version: Int, vault: TokenVault, keys: KeyStore) throws
        -> (any ReversibleTransformer)?
    {
        guard let recorded = try vault.reversibleDomain(domain), let definition = BuiltinRules.named(recorded.rule)
        else { return nil }
        let key = try keys.decryptionKey(version: version)
        let ring = MaskingKeyRing(dataKey: key.material, keyVersion: version)
        let context = RuleContext(
            arguments: recorded.arguments.compactMapValues(untagged), domain: domain, keys: ring.keys(forDomain: domain),
            column: Column(name: "value", type: recorded.columnType))
        do {
            return try definition.make(context) as? any ReversibleTransformer
        } catch {
            throw VeilError(.internal, "the recorded rule of domain \(domain) no longer builds: \(error.message)")
        }
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
    public static func provider(vault: TokenVault, keys: KeyStore) -> @Sendable (String, Int) throws -> (@Sendable (String) -> String?)? {
        { domain, version in
            guard let transformer = try reverser(domain: domain, version: version, vault: vault, keys: keys) else {
                return nil
            }
            return { token in try? transformer.reveal(token) }
        }
    }
}

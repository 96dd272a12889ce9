import VeilCore
import VeilMasking
import VeilVault

/// Records in the vault how each reversible format domain (`fpe`, `card`, `email`...) was masked — the rule, every
/// argument with its default filled in (so `email`'s `encoding`), the column type, and the data key version — as a
/// history that keeps every version and settings a run used (``MaskingRecord``), and rebuilds those rules later to
/// reverse their tokens with the key version that made them, so the detokenization service needs neither the
/// profile's schema nor the source. A record lacking a parameter added since reads it as it was before
/// (``RuleDefinition/priorDefaults``).
///
/// A format token does not say which key version made it, and every version turns it into some valid-looking value:
/// the version is the one a request names, or the only one the domain's history holds; otherwise the request is
/// refused, naming the versions to choose from (``MaskingHistory``).
public enum ReversalCatalog {
    /// Records every reversible, non-vaulted column of the plan, as masked under data key `keyVersion`.
    static func record(_ plan: MaskingPlan, keyVersion: Int, in vault: TokenVault) throws {
        var seen: Set<String> = []
        for case .mask(let columns) in plan.actions.values {
            for column in columns
            where column.definition.isReversible && column.definition.name != TokenizeRule.definition.name {
                guard seen.insert(column.domain).inserted else { continue }
                try vault.recordMasking(
                    ReversibleDomain(
                        domain: column.domain, rule: column.definition.name,
                        arguments: column.arguments.mapValues(tagged), columnType: column.column.type),
                    keyVersion: keyVersion)
            }
        }
    }

    /// The rule that masked `domain` with data key `version`, rebuilt under that key; nil when no run recorded the
    /// domain.
    /// - Parameter encoding: for a rule with an `encoding` parameter (`email`), the encoding to rebuild instead of the
    ///   recorded one: the latest run's under `version`, while older copies' tokens may need an older one. Ignored
    ///   for other rules.
    /// - Throws: ``MaskingHistory/Refusal`` when the domain was never masked with `version`, or with different
    ///   settings under it; `.keyStore` when the version is unknown or retired.
    public static func reverser(
        domain: String, version: Int, encoding: Int? = nil, vault: TokenVault, keys: KeyStore
    ) throws -> (any ReversibleTransformer)? {
        try resolve(domain: domain, version: version, encoding: encoding, vault: vault, keys: keys).map {
            try build($0, keys: keys)
        }
    }

    /// A domain's rule as one request needs it rebuilt.
    package struct Resolved: Sendable {
        var domain: String
        package var version: Int
        var definition: RuleDefinition
        var arguments: [String: ParameterValue]
        var columnType: String

        /// Equal for requests that rebuild the same rule under the same key.
        package func identity(keyID: String) -> String {
            let parts =
                [domain, String(version), keyID, definition.name, columnType]
                + arguments.sorted { $0.key < $1.key }.map { "\($0.key)=\(ReversalCatalog.tagged($0.value))" }
            return parts.map { "\($0.utf8.count):\($0)" }.joined()
        }
    }

    /// The version (named, or the only one in the domain's history), settings and encoding that made a token of
    /// `domain`; nil when no run recorded the domain. A named version is checked against the key store first.
    /// - Throws: ``MaskingHistory/Refusal``; `.keyStore` when the version is unknown or retired.
    package static func resolve(
        domain: String, version: Int?, encoding: Int?, vault: TokenVault, keys: KeyStore
    ) throws -> Resolved? {
        if let version { try checkUsable(version, keys: keys) }
        let history: [MaskingRecord]
        do {
            history = try vault.maskingHistory(domain)
        } catch let error as VaultError {
            throw error.veilError
        }
        guard
            let resolution = try MaskingHistory.resolve(
                history, domain: domain, version: version, selectable: ["encoding"], currentVersion: keys.currentVersion
            ),
            let definition = BuiltinRules.named(resolution.record.setting.rule)
        else { return nil }
        try checkUsable(resolution.version, keys: keys)
        var arguments = arguments(of: resolution.record.setting, definition: definition)
        if let encoding, definition.parameters.contains(where: { $0.name == "encoding" }) {
            arguments["encoding"] = .integer(encoding)
        }
        return Resolved(
            domain: domain, version: resolution.version, definition: definition, arguments: arguments,
            columnType: resolution.record.setting.columnType)
    }

    /// Refuses a version the key store does not have, or retired; the message names the version only.
    static func checkUsable(_ version: Int, keys: KeyStore) throws {
        guard keys.dataKeys.contains(where: { $0.version == version }) else {
            throw VeilError(.keyStore, "key version \(version) does not exist")
        }
        guard version >= keys.minimumDecryptionVersion else {
            throw VeilError(
                .keyStore,
                "key version \(version) is retired: only versions \(keys.minimumDecryptionVersion) and newer are reversed"
            )
        }
    }

    /// The resolved rule, built under its version's data key.
    package static func build(_ resolved: Resolved, keys: KeyStore) throws -> any ReversibleTransformer {
        let key = try keys.decryptionKey(version: resolved.version)
        let ring = MaskingKeyRing(dataKey: key.material, keyVersion: resolved.version)
        let context = RuleContext(
            arguments: resolved.arguments, domain: resolved.domain, keys: ring.keys(forDomain: resolved.domain),
            column: Column(name: "value", type: resolved.columnType))
        let made: any Transformer
        do {
            made = try resolved.definition.make(context)
        } catch {
            throw VeilError(
                .internal, "the recorded rule of domain \(resolved.domain) no longer builds: \(error.message)")
        }
        guard let reversible = made as? any ReversibleTransformer else {
            throw VeilError(.internal, "the recorded rule of domain \(resolved.domain) is not reversible")
        }
        return reversible
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
        case "l:":
            return .list(
                body.isEmpty ? [] : body.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init))
        default: return nil
        }
    }
}

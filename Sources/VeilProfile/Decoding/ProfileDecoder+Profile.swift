import Yams

extension ProfileDecoder {
    /// Every top-level key a profile may have, in the order the documentation lists them.
    static let topLevelKeys = [
        "version", "source", "target", "keys", "vault", "audit", "policy", "large_objects", "comments", "jobs",
        "on_unreviewed_column", "tables", "subset", "subset_options", "protected", "leak_check", "csv",
    ]

    /// The profile, or `nil` when any problem was found (all of them are in ``problems``).
    mutating func decodeProfile(_ root: Node?) -> Profile? {
        guard let root else {
            report("the profile is empty (it needs at least version: 1 and keys:)", at: location(line: 1, column: 1))
            return nil
        }
        guard case .mapping(let mapping) = root else {
            report("a profile is a map of keys (version, keys, tables...), found \(kind(of: root))", at: root)
            return nil
        }
        var profile = Profile(file: file, keys: KeysConfiguration(store: ""))
        var version: Int?
        var keys: KeysConfiguration?
        var sawKeys = false
        for entry in entries(of: mapping, path: "") {
            let value = entry.value
            switch entry.key {
            case "version":
                version = integer(value, path: "version")
                if let found = version, found != 1 {
                    report("version: unsupported version \(found) (this Veil reads version 1)", at: value)
                    version = nil
                }
            case "source": profile.source = text(value, path: "source")
            case "target": profile.target = text(value, path: "target")
            case "keys":
                sawKeys = true
                keys = decodeKeys(value, at: entry.location)
            case "vault": profile.vault = text(value, path: "vault")
            case "audit": profile.audit = text(value, path: "audit")
            case "policy": profile.policy = text(value, path: "policy")
            case "large_objects":
                profile.largeObjects = word(value, path: "large_objects") ?? profile.largeObjects
            case "comments": profile.comments = word(value, path: "comments") ?? profile.comments
            case "jobs": profile.jobs = integer(value, path: "jobs", in: 1...256)
            case "on_unreviewed_column":
                profile.onUnreviewedColumn = word(value, path: "on_unreviewed_column") ?? profile.onUnreviewedColumn
            case "tables": profile.tables = decodeTables(value)
            case "subset":
                (profile.subset, profile.subsetLocations) = decodeSubset(value)
                profile.subsetSelections = decodeSubsetSelections(value)
            case "subset_options": profile.subsetOptions = decodeSubsetOptions(value)
            case "protected": profile.protected = decodeProtected(value)
            case "leak_check": profile.leakCheck = word(value, path: "leak_check") ?? profile.leakCheck
            case "csv": profile.csv = decodeCSVDialect(value)
            default: reportUnknownKey(entry, path: nil, known: Self.topLevelKeys)
            }
        }
        let start = location(of: root)
        if !mapping.keys.contains(where: { $0.scalar?.string == "version" }) {
            report("missing required key 'version' (write version: 1)", at: start)
        }
        if !sawKeys {
            report("missing required key 'keys' (keys: { store: PATH, passphrase: env:NAME })", at: start)
        }
        guard problems.isEmpty, let version, let keys else { return nil }
        profile.version = version
        profile.keys = keys
        return profile
    }

    /// `subset:` — table key → SQL condition. Conditions are never quoted in messages.
    mutating func decodeSubset(_ node: Node) -> ([String: String], [String: SourceLocation]) {
        if isNull(node) { return ([:], [:]) }
        guard let mapping = mapping(node, path: "subset", expected: "a map of table: condition") else {
            return ([:], [:])
        }
        var conditions: [String: String] = [:]
        var locations: [String: SourceLocation] = [:]
        for entry in entries(of: mapping, path: "subset") {
            guard TableKey(parsing: entry.key) != nil else {
                report("subset: \(TableKey.invalidMessage(entry.key))", at: entry.location)
                continue
            }
            if case .mapping = entry.value {
                locations[entry.key] = entry.location
                continue
            }
            guard let condition = text(entry.value, path: "subset.\(entry.echoedKey)") else { continue }
            conditions[entry.key] = condition
            locations[entry.key] = entry.location
        }
        return (conditions, locations)
    }

    /// `protected:` — a list of targets never to write to.
    mutating func decodeProtected(_ node: Node) -> [String] {
        if isNull(node) { return [] }
        guard case .sequence(let sequence) = node else {
            report("protected: must be a list of paths or URLs, found \(kind(of: node))", at: node)
            return []
        }
        return sequence.enumerated().compactMap { index, item in text(item, path: "protected[\(index)]") }
    }
}

extension TableKey {
    /// The message for a table key that does not parse.
    static func invalidMessage(_ key: String) -> String {
        "invalid table name '\(EchoedText.echo(key))' (write table or schema.table; quote a part holding a dot, "
            + "as '\"my.schema\".table')"
    }
}

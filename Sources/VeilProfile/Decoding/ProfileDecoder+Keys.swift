import Yams

extension ProfileDecoder {
    static let keysKeys = ["store", "passphrase", "kek"]

    /// `keys:` — the store path and exactly one of passphrase / kek, both secret references.
    /// Values under `keys:` are never quoted in messages, and neither are unknown keys (a stray key might be
    /// a pasted secret).
    mutating func decodeKeys(_ node: Node, at keyLocation: SourceLocation) -> KeysConfiguration? {
        guard let mapping = mapping(node, path: "keys", expected: "a map with store: and passphrase: or kek:") else {
            return nil
        }
        var store: String?
        var passphrase: SecretReference?
        var kek: SecretReference?
        var sawStore = false
        var secretLocations: [String: SourceLocation] = [:]
        var valid = true
        for entry in entries(of: mapping, path: "keys") {
            switch entry.key {
            case "store":
                sawStore = true
                store = text(entry.value, path: "keys.store")
                valid = valid && store != nil
            case "passphrase", "kek":
                secretLocations[entry.key] = entry.location
                let reference = secretReference(entry.value, path: "keys.\(entry.key)")
                valid = valid && reference != nil
                if entry.key == "passphrase" { passphrase = reference } else { kek = reference }
            default:
                reportUnknownKey(entry, path: "keys", known: Self.keysKeys, echoingKey: false)
            }
        }
        if !sawStore {
            report("keys: missing required key 'store' (the encrypted key store file)", at: keyLocation)
        }
        switch (secretLocations["passphrase"], secretLocations["kek"]) {
        case (nil, nil):
            report("keys: needs passphrase: (env:NAME or file:PATH) or kek: (command:CMD)", at: keyLocation)
        case (.some, .some(let second)):
            report("keys: give passphrase: or kek:, not both", at: second)
        default:
            break
        }
        guard valid, let store, (passphrase == nil) != (kek == nil) else { return nil }
        return KeysConfiguration(store: store, passphrase: passphrase, kek: kek)
    }

    /// A secret reference; anything else is a literal, refused without echoing it.
    private mutating func secretReference(_ node: Node, path: String) -> SecretReference? {
        let forms = "env:NAME, file:PATH or command:CMD"
        guard case .scalar(let scalar) = node, case .string(let text) = scalarKind(scalar) else {
            if case .scalar = node, !isNull(node) {
                report("\(path): must be \(forms); a literal secret is never accepted", at: node)
            } else {
                report("\(path): must be \(forms), found \(kind(of: node))", at: node)
            }
            return nil
        }
        if let reference = SecretReference(parsing: text) { return reference }
        if text.hasPrefix("env:") {
            report("\(path): env: needs a variable name (letters, digits and _)", at: node)
        } else if SecretReference.hasReferencePrefix(text) {
            report("\(path): \(text.hasPrefix("file:") ? "file: needs a path" : "command: needs a command")", at: node)
        } else {
            report("\(path): must be \(forms); a literal secret is never accepted", at: node)
        }
        return nil
    }
}

/// Where a secret comes from. A profile never holds a secret itself, only one of these references.
///
/// Spelled `env:NAME`, `file:PATH` or `command:CMD`. Anything else is a literal and is refused when the
/// profile is parsed, without echoing it.
public enum SecretReference: Sendable, Hashable, CustomStringConvertible {
    /// The value of environment variable `NAME`.
    case environment(String)
    /// The contents of a file readable only by its owner, one trailing newline removed.
    case file(String)
    /// The standard output of a shell command (a KMS client, a password manager), one trailing newline removed.
    case command(String)

    /// Parses `env:NAME`, `file:PATH` or `command:CMD`.
    /// - Returns: `nil` for anything else (a literal), or when the part after the prefix is empty or, for
    ///   `env:`, not a valid variable name.
    public init?(parsing text: String) {
        if let name = text.dropPrefix("env:") {
            guard Self.isVariableName(name) else { return nil }
            self = .environment(name)
        } else if let path = text.dropPrefix("file:") {
            guard !path.isEmpty else { return nil }
            self = .file(path)
        } else if let command = text.dropPrefix("command:") {
            guard !command.allSatisfy(\.isWhitespace) else { return nil }
            self = .command(command)
        } else {
            return nil
        }
    }

    /// True when `text` starts with one of the three reference prefixes (even if what follows is invalid).
    static func hasReferencePrefix(_ text: String) -> Bool {
        ["env:", "file:", "command:"].contains { text.hasPrefix($0) }
    }

    /// The reference as written in a profile. Holds no secret.
    public var description: String {
        switch self {
        case .environment(let name): "env:\(name)"
        case .file(let path): "file:\(path)"
        case .command(let command): "command:\(command)"
        }
    }

    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.isASCIILetter else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.isASCIILetter || ("0"..."9").contains($0) }
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

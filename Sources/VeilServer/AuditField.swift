import VeilVault

/// A client-chosen value (user name, domain, path) as the audit log records it: whole up to ``maximumBytes``; a
/// longer one as its first ``prefixBytes`` bytes, its size and a keyed fingerprint, so no request can make a line
/// long, yet equal long values are still recognizable as equal.
enum AuditField {
    static let maximumBytes = 64
    static let prefixBytes = 24

    static func bounded(_ value: String, audit: AuditLog) -> String {
        let bytes = Array(value.utf8)
        guard bytes.count > maximumBytes else { return value }
        var prefix = bytes.prefix(prefixBytes)
        // Never cut a character in half.
        while let last = prefix.last, last & 0xC0 == 0x80 || last & 0xC0 == 0xC0 {
            prefix.removeLast()
            if last & 0xC0 == 0xC0 { break }
        }
        let fingerprint = audit.fingerprint(token: value, domain: "veil-audit-field")
        return "\(String(decoding: prefix, as: UTF8.self))… (\(bytes.count) bytes, fingerprint \(fingerprint))"
    }
}

import VeilVault

/// A client-chosen value (user name, domain, path) as the audit log records it: whole up to ``maximumBytes``; a
/// longer one as its first ``prefixBytes`` bytes, its size and a keyed fingerprint, so no request can make a line
/// long, yet equal long values are still recognizable as equal.
enum AuditField {
    static let maximumBytes = 64
    static let prefixBytes = 24

    static func bounded(_ value: String, audit: AuditLog) -> String {
        let size = value.utf8.count
        guard size > maximumBytes else { return value }
        // Whole characters (Unicode scalars) only, never a cut one.
        var prefix = String.UnicodeScalarView()
        var used = 0
        for scalar in value.unicodeScalars {
            used += UTF8.width(scalar)
            if used > prefixBytes { break }
            prefix.append(scalar)
        }
        let fingerprint = audit.fingerprint(token: value, domain: "veil-audit-field")
        return "\(String(prefix))… (\(size) bytes, fingerprint \(fingerprint))"
    }
}

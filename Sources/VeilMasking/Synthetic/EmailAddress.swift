/// An email address split at its last `@` into local part and domain, and the domain into the labels
/// before its top-level domain and the top-level domain itself.
struct EmailAddress {
    static let notAnAddress = "not an email address (needs text on both sides of an '@')"

    let local: Substring
    let domain: Substring

    /// - Throws: when the value has no `@`, or nothing before or after its last `@`.
    init(_ value: String) throws(ValueError) {
        guard let at = value.lastIndex(of: "@") else { throw ValueError(Self.notAnAddress) }
        local = value[..<at]
        domain = value[value.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { throw ValueError(Self.notAnAddress) }
    }

    /// The domain's labels before the last dot (`mail.example` of `mail.example.co`), or the whole
    /// domain when it has no dot.
    var labels: Substring {
        guard let dot = domain.lastIndex(of: ".") else { return domain }
        return domain[..<dot]
    }

    /// The last dot and the top-level domain (`.co`), or empty when the domain has no dot.
    var topLevel: Substring {
        guard let dot = domain.lastIndex(of: ".") else { return domain[domain.endIndex...] }
        return domain[dot...]
    }
}

import Foundation

/// Removes secrets and data values from the text of libpq and server messages.
///
/// Pure string processing, so it is tested without a server.
enum MessageRedaction {
    static let mask = "***"

    /// Replaces passwords in a connection message: `password=...` pairs, `user:secret@` URL user info, and every
    /// occurrence of `knownPassword` (the conninfo's own password, when it could be parsed).
    static func redactingPasswords(in text: String, knownPassword: String? = nil) -> String {
        var result = text
        if let knownPassword, !knownPassword.isEmpty {
            result = result.replacingOccurrences(of: knownPassword, with: mask)
        }
        result = redactingKeyValuePasswords(in: result)
        result = redactingURLPasswords(in: result)
        return result
    }

    /// Redacts quoted text and `0x..` byte sequences in the primary message of a data exception (class 22), whose
    /// messages quote the offending input value. Other messages are returned unchanged: they quote identifiers
    /// (tables, columns, constraints), which are not data.
    static func scrubbingValues(in message: String, sqlState: String?) -> String {
        guard let sqlState, sqlState.hasPrefix("22") else { return message }
        return redactingQuotedText(in: message)
    }

    /// Redacts every `"quoted"` fragment and `0x..` byte sequence. libpq's messages about a connection string it
    /// cannot parse quote the offending piece of input, which may be (or hold) the password.
    static func redactingQuotedText(in message: String) -> String {
        var out = ""
        var inQuote = false
        var chars = Array(message)[...]
        while let c = chars.popFirst() {
            if inQuote {
                if c == "\"" {
                    if chars.first == "\"" {
                        chars.removeFirst()
                    } else {
                        inQuote = false
                        out += mask + "\""
                    }
                }
            } else if c == "\"" {
                inQuote = true
                out.append(c)
            } else if c == "0", chars.first == "x" || chars.first == "X" {
                chars.removeFirst()
                while let h = chars.first, h.isHexDigit { chars.removeFirst() }
                out += mask
            } else {
                out.append(c)
            }
        }
        if inQuote { out += mask + "\"" }
        return out
    }

    /// `password = value` or `password='quoted value'` (any case) → `password=***`.
    private static func redactingKeyValuePasswords(in text: String) -> String {
        var out = ""
        var rest = text[...]
        while let range = rest.range(of: "password", options: .caseInsensitive) {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            var probe = rest.drop(while: { $0 == " " })
            guard probe.first == "=" else { continue }
            probe = probe.dropFirst().drop(while: { $0 == " " })
            if probe.first == "'" {
                probe = probe.dropFirst()
                while let c = probe.popFirst() {
                    if c == "\\" { _ = probe.popFirst() } else if c == "'" { break }
                }
            } else {
                probe = probe.drop(while: { !$0.isWhitespace && $0 != "&" && $0 != "\"" })
            }
            out += "=" + mask
            rest = probe
        }
        return out + rest
    }

    /// `scheme://user:secret@host` → `scheme://user:***@host`.
    private static func redactingURLPasswords(in text: String) -> String {
        var out = ""
        var rest = text[...]
        while let scheme = rest.range(of: "://") {
            out += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0.isWhitespace }) ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                out += authority[...colon] + mask
                rest = rest[at...]
            }
        }
        return out + rest
    }
}

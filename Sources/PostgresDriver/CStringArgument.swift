import Foundation

/// libpq takes SQL, parameters, identifiers, literals and connection strings as C strings, which end at the
/// first NUL: `alice\0x` would reach the server as `alice`, silently. Every such string is checked here first and
/// refused whole, with an error that names which argument it was and never its value. (PostgreSQL's `text`
/// cannot hold NUL anyway, so nothing valid is lost.)
enum CStringArgument {
    /// `text` unchanged, or a ``PostgresError/Code/invalidArgument`` naming `what` (e.g. `parameter $2`) when it
    /// holds a NUL character.
    @inline(__always)
    static func checked(_ text: String, _ what: @autoclosure () -> String) throws -> String {
        guard holdsNUL(text) else { return text }
        throw PostgresError(
            code: .invalidArgument,
            message: "the \(what()) holds a NUL character, which libpq would cut short; refused before sending")
    }

    /// Whether `text` contains U+0000.
    static func holdsNUL(_ text: String) -> Bool {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
            return memchr(base, 0, bytes.count) != nil
        }
        return found ?? text.utf8.contains(0)
    }
}

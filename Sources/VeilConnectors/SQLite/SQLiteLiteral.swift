import Foundation
import VeilCore

/// SQLite SQL literals for the text values rows travel in, as `sqlite3 .dump` writes them.
///
/// How a field is written depends on its column's affinity (see ``Affinity``), so that loading the script stores
/// exactly what ``SQLiteWriter`` stores when it binds the same field:
///
/// | field | literal |
/// |---|---|
/// | NULL | `NULL` |
/// | a canonical integer (`-42`, fits 64 bits) in an INTEGER, REAL or NUMERIC column | `-42` |
/// | a real as the reader renders it (`3.5`, `1e-05`) in such a column | `3.5` |
/// | a PostgreSQL boolean spelling in a `BOOLEAN` column | `1` / `0` |
/// | `\x` hex in a BLOB-affinity column (a `BLOB` or untyped column) | `X'00ff'` |
/// | any other text | `'it''s'` (quotes doubled; newlines and unicode as they are) |
/// | text holding a NUL character | `CAST(X'...' AS TEXT)` (a quoted literal would end at the NUL) |
///
/// A number is written bare only where the column's affinity would have turned the quoted text into that same
/// number anyway, so a bare literal never changes what is stored.
public enum SQLiteLiteral {
    /// SQLite's column affinity, from the declared type by the rules of "Datatypes In SQLite" §3.1.
    public enum Affinity: Equatable, Sendable {
        case integer
        case text
        case blob
        case real
        case numeric
        /// NUMERIC affinity declared `BOOLEAN`/`BOOL`: PostgreSQL boolean spellings become 1 and 0.
        case boolean

        /// The affinity of a declared type (`VARCHAR(40)` → text, `""` → blob, `DECIMAL(10,2)` → numeric).
        public init(declaredType: String) {
            let upper = declaredType.uppercased()
            if upper.contains("INT") {
                self = .integer
            } else if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") {
                self = .text
            } else if upper.contains("BLOB") || upper.trimmingCharacters(in: .whitespaces).isEmpty {
                self = .blob
            } else if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") {
                self = .real
            } else if upper == "BOOLEAN" || upper == "BOOL" {
                self = .boolean
            } else {
                self = .numeric
            }
        }
    }

    /// `field` as a SQLite literal for a column of `affinity`.
    public static func literal(_ field: Field, affinity: Affinity) -> String {
        var bytes: [UInt8] = []
        append(field, affinity: affinity, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `field` as a SQLite literal for a column of `affinity`.
    public static func append(_ field: Field, affinity: Affinity, to output: inout [UInt8]) {
        guard let value = field else {
            output.append(contentsOf: nullWord)
            return
        }
        switch affinity {
        case .integer, .real, .numeric:
            if isCanonicalNumber(value) {
                output.append(contentsOf: value.utf8)
                return
            }
        case .boolean:
            if let bit = SQLiteValueText.boolean(value) {
                output.append(bit == 0 ? UInt8(ascii: "0") : UInt8(ascii: "1"))
                return
            }
            if isCanonicalNumber(value) {
                output.append(contentsOf: value.utf8)
                return
            }
        case .blob:
            if let bytes = SQLiteValueText.bytes(fromBytea: value) {
                appendHex(bytes, to: &output)
                return
            }
        case .text:
            break
        }
        appendText(value, to: &output)
    }

    /// A quoted text literal: `'` around the UTF-8 bytes, inner quotes doubled; text with a NUL as a cast blob.
    static func appendText(_ value: String, to output: inout [UInt8]) {
        let utf8 = value.utf8
        if utf8.contains(0) {
            output.append(contentsOf: Array("CAST(".utf8))
            appendHex(Array(utf8), to: &output)
            output.append(contentsOf: Array(" AS TEXT)".utf8))
            return
        }
        output.append(quote)
        for byte in utf8 {
            output.append(byte)
            if byte == quote { output.append(quote) }
        }
        output.append(quote)
    }

    /// `X'...'` with uppercase hex, as `sqlite3 .dump` writes a blob.
    static func appendHex(_ bytes: [UInt8], to output: inout [UInt8]) {
        output.append(UInt8(ascii: "X"))
        output.append(quote)
        for byte in bytes {
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
        output.append(quote)
    }

    /// True for a 64-bit integer in its shortest decimal form, or a finite real in the shortest round-tripping form
    /// the reader writes (Swift's `Double.description`: `3.5`, `-0.25`, `1e-05`, `5e+20`): text SQLite parses to
    /// the same number that its numeric affinities make of the quoted text.
    static func isCanonicalNumber(_ value: String) -> Bool {
        if let integer = Int64(value) { return String(integer) == value }
        guard let first = value.utf8.first, first == UInt8(ascii: "-") || (0x30...0x39).contains(first),
            let real = Double(value), real.isFinite
        else { return false }
        return real.description == value
    }

    private static let quote = UInt8(ascii: "'")
    private static let nullWord = Array("NULL".utf8)
    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}

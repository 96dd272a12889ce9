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
/// | `Infinity` / `-Infinity` in such a column | `1e999` / `-1e999` (as `sqlite3 .dump` writes them) |
/// | a PostgreSQL boolean spelling in a `BOOLEAN` column | `1` / `0` |
/// | `\x` hex in a BLOB-affinity column (a `BLOB` or untyped column) | `X'00ff'` |
/// | any other text | `'it''s'` (quotes doubled; newlines and unicode as they are) |
/// | text holding a carriage return | `('a' || char(13) || 'b')` (the `sqlite3` shell drops a CR before a line end) |
/// | text holding a NUL character | `CAST(X'...' AS TEXT)` (a quoted literal would end at the NUL) |
///
/// A number is written bare only where the column's affinity would have turned the quoted text into that same
/// number anyway, so a bare literal never changes what is stored. A field that carries its source's storage class
/// (a SQLite source, see ``StorageClass``) is written as that class instead, whatever the column's affinity, so the
/// loaded value has the source's value and `typeof()`.
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

    /// Appends `field` as a SQLite literal for a column of `affinity`; a field that carries its source's storage
    /// class is written as that class (see ``append(_:storageClass:to:)``).
    public static func append(
        _ field: Field, affinity: Affinity, storageClass: StorageClass = .unknown, to output: inout [UInt8]
    ) {
        guard let value = field else {
            output.append(contentsOf: nullWord)
            return
        }
        if storageClass != .unknown, append(value, storageClass: storageClass, to: &output) { return }
        switch affinity {
        case .integer, .real, .numeric:
            if isCanonicalNumber(value) {
                output.append(contentsOf: value.utf8)
                return
            }
            if let infinity = infinityLiteral(value) {
                output.append(contentsOf: infinity)
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

    /// Appends `value` as a literal of its storage class, whatever the column: an integer bare, a real bare and with a
    /// `.` or exponent (the infinities as `1e999` and `-1e999`, as `sqlite3 .dump` writes them), text quoted, a blob
    /// as `X'...'`. False (nothing appended) when `value` is not in that class's form.
    static func append(_ value: String, storageClass: StorageClass, to output: inout [UInt8]) -> Bool {
        switch storageClass {
        case .integer:
            guard let integer = Int64(value) else { return false }
            output.append(contentsOf: String(integer).utf8)
        case .real:
            if let infinity = infinityLiteral(value) {
                output.append(contentsOf: infinity)
                return true
            }
            guard let real = Double(value), real.isFinite else { return false }
            let text = real.description
            output.append(contentsOf: text.utf8)
            if !text.contains(".") && !text.contains("e") { output.append(contentsOf: Array(".0".utf8)) }
        case .text:
            appendText(value, to: &output)
        case .blob:
            guard let bytes = SQLiteValueText.bytes(fromBytea: value) else { return false }
            appendHex(bytes, to: &output)
        case .unknown:
            return false
        }
        return true
    }

    /// `1e999` / `-1e999` for `Infinity` / `-Infinity` (a literal SQLite reads as the REAL infinities), else nil.
    private static func infinityLiteral(_ value: String) -> [UInt8]? {
        switch value {
        case "Infinity": Array("1e999".utf8)
        case "-Infinity": Array("-1e999".utf8)
        default: nil
        }
    }

    /// A quoted text literal: `'` around the UTF-8 bytes, inner quotes doubled; text with a NUL as a cast blob; a
    /// carriage return as `char(13)` outside the quotes (`('a' || char(13) || '\nb')`), since the `sqlite3` shell
    /// drops a CR that ends an input line (`sqlite3 .dump` writes it as `char(13)` too).
    static func appendText(_ value: String, to output: inout [UInt8]) {
        let utf8 = value.utf8
        if utf8.contains(0) {
            output.append(contentsOf: Array("CAST(".utf8))
            appendHex(Array(utf8), to: &output)
            output.append(contentsOf: Array(" AS TEXT)".utf8))
            return
        }
        let carriageReturn = UInt8(ascii: "\r")
        let pieces = utf8.split(separator: carriageReturn, omittingEmptySubsequences: false)
        if pieces.count > 1 { output.append(UInt8(ascii: "(")) }
        for (index, piece) in pieces.enumerated() {
            if index > 0 { output.append(contentsOf: Array(" || char(13) || ".utf8)) }
            output.append(quote)
            for byte in piece {
                output.append(byte)
                if byte == quote { output.append(quote) }
            }
            output.append(quote)
        }
        if pieces.count > 1 { output.append(UInt8(ascii: ")")) }
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

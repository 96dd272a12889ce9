import SQLiteDriver
import VeilCore

/// Conversions between SQLite values and the PostgreSQL COPY text form rows travel in.
enum SQLiteValueText {
    /// Column `index` of `row` as the text rows travel in, with its storage class.
    static func field(_ row: SQLiteRow, at index: Int) -> (field: Field, storageClass: StorageClass) {
        switch row.type(at: index) {
        case .null: (nil, .unknown)
        case .integer: (String(row.int64(at: index)), .integer)
        case .real: (real(row.double(at: index)), .real)
        case .text: (row.text(at: index), .text)
        case .blob: (bytea(row.blob(at: index)), .blob)
        }
    }

    /// The REAL a text made by ``real(_:)`` (or any decimal) stands for, or `nil`.
    static func double(_ text: String) -> Double? {
        switch text {
        case "Infinity": .infinity
        case "-Infinity": -.infinity
        case "NaN": nil
        default: Double(text)
        }
    }

    /// A REAL as text PostgreSQL also reads: the shortest round-tripping form, `Infinity`, `-Infinity`, `NaN`.
    static func real(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A BLOB in PostgreSQL's bytea hex text form: `\x` followed by lowercase hex.
    static func bytea(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of a `\x...` bytea hex text, or `nil` when `text` is not in that form.
    static func bytes(fromBytea text: String) -> [UInt8]? {
        let utf8 = text.utf8
        guard utf8.count >= 2, utf8.count % 2 == 0 else { return nil }
        var iterator = utf8.makeIterator()
        guard iterator.next() == UInt8(ascii: "\\"), iterator.next() == UInt8(ascii: "x") else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2 - 1)
        while let high = iterator.next() {
            guard let low = iterator.next(), let h = nibble(high), let l = nibble(low) else { return nil }
            bytes.append(h << 4 | l)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// PostgreSQL boolean text as SQLite's 0/1, or `nil` when `text` is not a boolean spelling.
    static func boolean(_ text: String) -> Int64? {
        switch text.lowercased() {
        case "t", "true", "1", "y", "yes", "on": 1
        case "f", "false", "0", "n", "no", "off": 0
        default: nil
        }
    }
}

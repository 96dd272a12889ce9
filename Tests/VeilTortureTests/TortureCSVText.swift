import Foundation

/// CSV read and written without Veil (test oracle): RFC 4180 with a chosen delimiter, an unquoted empty field as
/// NULL and `""` as the empty string (PostgreSQL's `COPY … CSV`, which Veil's CSV follows), LF or CRLF line ends,
/// a UTF-8 byte order mark skipped.
enum TortureCSVText {
    /// One file's header and rows.
    struct Table: Equatable {
        var header: [String]
        var rows: [[String?]]
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses `text`; blank lines at the end are no rows when the file has two or more columns.
    static func parse(_ text: String, delimiter: Character = ",") throws -> Table {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var records: [[String?]] = []
        var fields: [String?] = []
        var field = ""
        var quoted = false
        var inQuotes = false
        var index = 0
        let separator = delimiter.unicodeScalars.first!
        func endField() {
            fields.append(field.isEmpty && !quoted ? nil : field)
            field = ""
            quoted = false
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"" && field.isEmpty && !quoted {
                inQuotes = true
                quoted = true
            } else if scalar == separator {
                endField()
            } else if scalar == "\n" || (scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n") {
                if scalar == "\r" { index += 1 }
                endField()
                records.append(fields)
                fields = []
            } else {
                guard !quoted else { throw ParseError(description: "a character after a closing quote") }
                field.unicodeScalars.append(scalar)
            }
            index += 1
        }
        guard !inQuotes else { throw ParseError(description: "a quoted field left open") }
        if !fields.isEmpty || !field.isEmpty || quoted {
            endField()
            records.append(fields)
        }
        guard let header = records.first else { throw ParseError(description: "no header") }
        var rows = Array(records.dropFirst())
        if header.count > 1 {
            while let last = rows.last, last == [nil] { rows.removeLast() }
        }
        for (number, row) in rows.enumerated() where row.count != header.count {
            throw ParseError(description: "row \(number + 1) has \(row.count) fields, the header \(header.count)")
        }
        return Table(header: header.map { $0 ?? "" }, rows: rows)
    }

    /// `value` as one field: quoted when it must be (or when `always`), NULL as an empty unquoted field.
    static func field(_ value: String?, delimiter: Character, always: Bool = false) -> String {
        guard let value else { return "" }
        let special: Set<Unicode.Scalar> = [delimiter.unicodeScalars.first!, "\"", "\n", "\r"]
        let needs =
            value.isEmpty || value.unicodeScalars.contains(where: special.contains)
            || value.hasPrefix(" ") || value.hasSuffix(" ")
        guard needs || always else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether a CSV column (`fields`) holds exactly `values` as Veil documents their rendering: integers in
    /// decimal, text as it is, a blob as `\x` and lowercase hex, NULL as NULL, and a real as any text that reads
    /// back as the same double (`Infinity`, `-Infinity` included). Order-free: the non-reals are matched first as
    /// a multiset of strings, then what is left must be the reals, bit for bit.
    static func holds(_ fields: [String?], _ values: [TortureStored]) -> Bool {
        guard fields.count == values.count else { return false }
        var remaining: [String?: Int] = [:]
        for field in fields { remaining[field, default: 0] += 1 }
        var reals: [UInt64] = []
        for value in values {
            let rendered: String?
            switch value {
            case .null: rendered = nil
            case .integer(let number): rendered = String(number)
            case .text(let text): rendered = text
            case .blob(let bytes): rendered = "\\x" + TortureStored.hex(bytes)
            case .real(let bits):
                reals.append(bits)
                continue
            }
            guard let count = remaining[rendered], count > 0 else { return false }
            remaining[rendered] = count - 1
        }
        var parsed: [UInt64] = []
        for (field, count) in remaining where count > 0 {
            guard let field, let double = Double(field) else { return false }
            parsed += Array(repeating: double.bitPattern, count: count)
        }
        return parsed.sorted() == reals.sorted()
    }
}

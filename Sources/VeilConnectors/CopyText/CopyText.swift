import VeilCore

/// PostgreSQL's COPY text format: fields separated by tabs, `\N` for NULL, and backslash escapes.
///
/// Decoding follows the server (`CopyReadAttributesText`): `\b \f \n \r \t \v`, `\NNN` (one to three octal
/// digits), `\xH` / `\xHH` (one or two hex digits), and a backslash before any other character stands for
/// that character (so `\\` is a backslash and `\<tab>` a tab that does not separate fields). Encoding
/// follows `CopyAttributeOutText`, which is what pg_dump writes: only backslash, `\b \f \n \r \t \v` are
/// escaped, everything else is copied as is. So `decode(encode(s)) == s` for every string.
public enum CopyText {
    /// The COPY text form of NULL.
    public static let null = "\\N"

    /// The value of one field, escapes resolved. `\N` here is the letter N, not NULL; see ``decodeField(_:)``.
    public static func decode(_ field: Substring) -> String {
        var field = field
        return field.withUTF8 { decodeBytes($0) }
    }

    /// The value of one field given as UTF-8 bytes, escapes resolved. Bytes that do not form UTF-8 after
    /// unescaping (an octal escape in a non-UTF-8 dump) become U+FFFD.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        decodeBytes(bytes)
    }

    /// One raw field as a ``Field``: `nil` for exactly `\N`, otherwise the decoded value.
    public static func decodeField(_ field: Substring) -> Field {
        field == "\\N" ? nil : decode(field)
    }

    /// A value with backslash, tab, newline, carriage return, backspace, form feed and vertical tab escaped.
    public static func encode(_ value: String) -> String {
        var bytes: [UInt8] = []
        appendEncoded(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A field in COPY text form: `\N` for `nil`.
    public static func encodeField(_ field: Field) -> String {
        field.map(encode) ?? null
    }

    /// Splits one data line (without its newline) into fields.
    public static func decodeRow(_ line: Substring) -> Row {
        var line = line
        return line.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return [""] }
            var row: Row = []
            forEachField(base, count: bytes.count) { start, end in
                let field = UnsafeBufferPointer(start: base + start, count: end - start)
                row.append(field.count == 2 && field[0] == 0x5C && field[1] == 0x4E ? nil : decodeBytes(field))
            }
            return row
        }
    }

    /// One data line (without its newline) for `row`.
    public static func encodeRow(_ row: Row) -> String {
        var bytes: [UInt8] = []
        appendEncodedRow(row, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

// MARK: - Byte-level fast paths used by the reader and writer

extension CopyText {
    /// Calls `body(start, end)` for each field of `line[0..<count]`: fields end at tabs not escaped by a
    /// backslash. A line always has at least one field.
    @inline(__always)
    static func forEachField(_ line: UnsafePointer<UInt8>, count: Int, _ body: (Int, Int) throws -> Void) rethrows {
        var fieldStart = 0
        var searchFrom = 0
        while let tab = line.firstIndex(of: 0x09, from: searchFrom, to: count) {
            if tab > fieldStart && line[tab - 1] == 0x5C && isEscaped(line, at: tab, fieldStart: fieldStart) {
                searchFrom = tab + 1
                continue
            }
            try body(fieldStart, tab)
            fieldStart = tab + 1
            searchFrom = fieldStart
        }
        try body(fieldStart, count)
    }

    /// One pass over a data line: its field count (unescaped tabs plus one), whether it is all ASCII and whether
    /// it holds a backslash. Lines without a backslash are counted eight bytes at a time.
    @inline(__always)
    static func scanLine(_ line: UnsafePointer<UInt8>, count: Int) -> (fields: Int, isASCII: Bool, hasEscape: Bool) {
        if line.firstIndex(of: 0x5C, from: 0, to: count) == nil {
            let plain = scanPlainLine(line, count: count)
            return (plain.fields, plain.isASCII, false)
        }
        var fields = 1
        var high: UInt8 = 0
        var index = 0
        while index < count {
            let byte = line[index]
            high |= byte
            if byte == 0x09 {
                fields += 1
            } else if byte == 0x5C {
                index += 1
                if index < count { high |= line[index] }
            }
            index += 1
        }
        return (fields, high & 0x80 == 0, true)
    }

    /// `scanLine` for a line without escapes: tabs counted with word-at-a-time zero-byte tests.
    @inline(__always)
    private static func scanPlainLine(_ line: UnsafePointer<UInt8>, count: Int) -> (fields: Int, isASCII: Bool) {
        let tabs: UInt64 = 0x0909_0909_0909_0909
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var fields = 1
        var high: UInt64 = 0
        var index = 0
        let raw = UnsafeRawPointer(line)
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            high |= word
            let x = word ^ tabs
            // A byte of `x` is zero exactly where `word` holds a tab; this marks such bytes with 0x80.
            let zeros = ~(((x & low7) &+ low7) | x | low7)
            fields += zeros.nonzeroBitCount
            index += 8
        }
        var tail: UInt8 = 0
        while index < count {
            let byte = line[index]
            tail |= byte
            if byte == 0x09 { fields += 1 }
            index += 1
        }
        return (fields, (high & 0x8080_8080_8080_8080) == 0 && tail & 0x80 == 0)
    }

    /// Splits and decodes one data line (without its newline) into `row`, in one pass: fields end at tabs not
    /// escaped by a backslash; `\N` is NULL. Throws when a value's escapes do not form UTF-8.
    @inline(__always)
    static func decodeRow(
        _ line: UnsafePointer<UInt8>, count: Int, into row: inout Row, scratch: inout [UInt8]
    ) throws(InvalidUTF8) {
        try walkFields(line, count: count) { (_, start, length, hasEscape) throws(InvalidUTF8) in
            row.append(try field(line + start, count: length, hasEscape, &scratch))
            return true
        }
    }

    /// Where field `column` of a data line lies (`start..<end` in the line), or nil when the line has fewer fields;
    /// the walk stops at that field.
    static func fieldBounds(_ line: UnsafePointer<UInt8>, count: Int, column wanted: Int) -> Range<Int>? {
        var found: Range<Int>?
        walkFields(line, count: count) { column, start, length, _ in
            guard column == wanted else { return true }
            found = start..<(start + length)
            return false
        }
        return found
    }

    /// Calls `body` with the position and bytes (escapes resolved, in `scratch` when there were any) of each
    /// non-NULL field of one data line whose position is `true` in `wanted`; stops after the last wanted field.
    static func forEachWantedField(
        _ line: UnsafePointer<UInt8>, count: Int, wanted: [Bool], scratch: inout [UInt8],
        _ body: (Int, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard let last = wanted.lastIndex(of: true) else { return }
        try walkFields(line, count: count) { column, start, length, hasEscape in
            if wanted[column] { try wantedField(line + start, count: length, hasEscape, column, &scratch, body) }
            return column < last
        }
    }

    /// The one pass over a data line both decoders share: `body(column, start, length, hasEscape)` for each field
    /// in order (fields end at tabs not escaped by a backslash), until it returns false.
    @inline(__always)
    private static func walkFields<Failure: Error>(
        _ line: UnsafePointer<UInt8>, count: Int,
        _ body: (_ column: Int, _ start: Int, _ length: Int, _ hasEscape: Bool) throws(Failure) -> Bool
    ) throws(Failure) {
        var fieldStart = 0
        var hasEscape = false
        var column = 0
        var index = 0
        while index < count {
            let byte = line[index]
            if byte == 0x09 {
                guard try body(column, fieldStart, index - fieldStart, hasEscape) else { return }
                column += 1
                fieldStart = index + 1
                hasEscape = false
                index += 1
            } else if byte == 0x5C {
                hasEscape = true
                index += 2
            } else {
                index += 1
            }
        }
        _ = try body(column, fieldStart, count - fieldStart, hasEscape)
    }

    @inline(__always)
    private static func wantedField(
        _ start: UnsafePointer<UInt8>, count: Int, _ hasEscape: Bool, _ column: Int, _ scratch: inout [UInt8],
        _ body: (Int, UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        guard hasEscape else { return try body(column, UnsafeRawBufferPointer(start: start, count: count)) }
        if count == 2 && start[1] == 0x4E { return }
        unescape(UnsafeBufferPointer(start: start, count: count), into: &scratch)
        try scratch.withUnsafeBytes { try body(column, $0) }
    }

    @inline(__always)
    private static func field(
        _ start: UnsafePointer<UInt8>, count: Int, _ hasEscape: Bool, _ scratch: inout [UInt8]
    ) throws(InvalidUTF8) -> Field {
        guard hasEscape else { return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }
        if count == 2 && start[1] == 0x4E { return nil }
        unescape(UnsafeBufferPointer(start: start, count: count), into: &scratch)
        guard let value = String(validating: scratch, as: UTF8.self) else { throw InvalidUTF8() }
        return value
    }

    /// True when the byte at `index` follows an odd run of backslashes, counting from `fieldStart`.
    private static func isEscaped(_ line: UnsafePointer<UInt8>, at index: Int, fieldStart: Int) -> Bool {
        var run = 0
        var cursor = index - 1
        while cursor >= fieldStart && line[cursor] == 0x5C {
            run += 1
            cursor -= 1
        }
        return run % 2 == 1
    }

    /// Raised when unescaped bytes do not form UTF-8.
    struct InvalidUTF8: Error {}

    private static func decodeBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(0x5C) else { return String(decoding: bytes, as: UTF8.self) }
        var scratch: [UInt8] = []
        unescape(bytes, into: &scratch)
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Resolves backslash escapes of `field` into `output` (cleared first).
    static func unescape(_ field: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(field.count)
        var index = 0
        let count = field.count
        while index < count {
            let byte = field[index]
            index += 1
            guard byte == 0x5C, index < count else {
                output.append(byte)
                continue
            }
            let escaped = field[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(escaped - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, index < count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(field[index]) {
                    value = value * 8 + Int(field[index] - UInt8(ascii: "0"))
                    index += 1
                    digits += 1
                }
                output.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "x"):
                guard index < count, let high = hexValue(field[index]) else {
                    output.append(escaped)
                    continue
                }
                index += 1
                var value = high
                if index < count, let low = hexValue(field[index]) {
                    value = value << 4 | low
                    index += 1
                }
                output.append(value)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "v"): output.append(0x0B)
            default: output.append(escaped)
            }
        }
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Appends the escaped UTF-8 of `value`.
    @inline(__always)
    static func appendEncoded(_ value: String, to output: inout [UInt8]) {
        if value.utf8.withContiguousStorageIfAvailable({ appendEncoded($0, to: &output) }) == nil {
            // A bridged or otherwise non-contiguous string: copy its bytes once.
            Array(value.utf8).withUnsafeBufferPointer { appendEncoded($0, to: &output) }
        }
    }

    /// Appends `bytes`, escaping backslash and the control characters COPY escapes. Most values need no escape,
    /// so they are checked first and appended in one piece.
    @inline(__always)
    static func appendEncoded(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var clean = true
        for byte in bytes where byte < 0x0E || byte == 0x5C {
            if byte == 0x5C || (byte >= 0x08 && byte <= 0x0D) {
                clean = false
                break
            }
        }
        if clean {
            output.append(contentsOf: bytes)
            return
        }
        var runStart = 0
        for index in 0..<bytes.count {
            let escape: UInt8
            switch bytes[index] {
            case 0x5C: escape = 0x5C
            case 0x09: escape = UInt8(ascii: "t")
            case 0x0A: escape = UInt8(ascii: "n")
            case 0x0D: escape = UInt8(ascii: "r")
            case 0x08: escape = UInt8(ascii: "b")
            case 0x0C: escape = UInt8(ascii: "f")
            case 0x0B: escape = UInt8(ascii: "v")
            default: continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            output.append(0x5C)
            output.append(escape)
            runStart = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
    }

    /// Appends every row of `batch` as a data line with its newline: a batch that holds its source's COPY text
    /// (``RowBatch/encoded``) as those bytes, with only its replaced columns encoded anew.
    static func appendLines(of batch: RowBatch, to output: inout [UInt8]) {
        if let encoded = batch.encoded {
            encoded.rows.appendCopyText(replacing: encoded.replaced, to: &output)
            return
        }
        for row in batch.rows {
            appendEncodedRow(row, to: &output)
            output.append(0x0A)
        }
    }

    /// Appends one data line for `row` (tab-separated, without the newline).
    @inline(__always)
    static func appendEncodedRow(_ row: Row, to output: inout [UInt8]) {
        for (index, field) in row.enumerated() {
            if index > 0 { output.append(0x09) }
            if let field {
                appendEncoded(field, to: &output)
            } else {
                output.append(0x5C)
                output.append(0x4E)
            }
        }
    }
}

import VeilCore

/// Appends CSV text for rows, in the form ``CSVReader`` reads back to the same values.
///
/// NULL is written as nothing (an unquoted empty field) and the empty string as `""`. A field is quoted when it
/// is empty or holds a comma, a quote, CR or LF, starts or ends with a space or tab (so that no reader trims
/// it), or starts with U+FEFF (so that the first column's name is not read as a byte order mark); quotes inside
/// are doubled. Records end with LF.
enum CSVFieldEncoder {
    private static let quote = UInt8(ascii: "\"")

    /// Appends one record: `fields` in the order of `order` (indexes into `fields`), or as given when nil.
    static func appendRecord(_ fields: [Field], order: [Int]?, to buffer: inout [UInt8]) {
        if let order {
            for (position, index) in order.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                appendField(fields[index], to: &buffer)
            }
        } else {
            for (position, field) in fields.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                appendField(field, to: &buffer)
            }
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    /// Appends one field.
    static func appendField(_ field: Field, to buffer: inout [UInt8]) {
        guard var text = field else { return }
        text.withUTF8 { bytes in
            guard needsQuotes(bytes) else {
                buffer.append(contentsOf: bytes)
                return
            }
            buffer.append(quote)
            for byte in bytes {
                if byte == quote { buffer.append(quote) }
                buffer.append(byte)
            }
            buffer.append(quote)
        }
    }

    private static func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        // A value starting with U+FEFF would read as a byte order mark at the start of the file, and be dropped.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return true }
        for byte in bytes where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return true }
        return false
    }
}

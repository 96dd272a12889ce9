/// Percent-encoding (RFC 3986 section 2.1) for the parts of an `otpauth://` URI.
enum PercentEncoding {
    /// `text` with every UTF-8 byte outside RFC 3986's unreserved set (`A–Z a–z 0–9 - . _ ~`) written as
    /// `%XX` (uppercase hex). Stricter than needed for a path or query, so the result is safe in both.
    static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

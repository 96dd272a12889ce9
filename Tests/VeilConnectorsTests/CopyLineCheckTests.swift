import Testing

@testable import VeilConnectors

/// The check every COPY text line passes before a source keeps it as bytes: its width, and UTF-8 once unescaped (and
/// of its own bytes, unless the caller has checked those).
@Suite("COPY line check")
struct CopyLineCheckTests {
    private func check(_ bytes: [UInt8], width: Int, rawBytesAreChecked: Bool = false) -> CopyLineCheck.Problem? {
        var checker = CopyLineCheck(rawBytesAreChecked: rawBytesAreChecked)
        // A byte past the line's end, so that even an empty line has an address.
        let padded = bytes + [0x0A]
        do {
            try padded.withUnsafeBufferPointer { buffer throws(CopyLineCheck.Problem) in
                try checker.check(buffer.baseAddress!, count: bytes.count, width: width)
            }
            return nil
        } catch {
            return error
        }
    }

    @Test("a line of the right width, with escapes that resolve to UTF-8, passes")
    func validLines() {
        #expect(check(Array("1\tcafé\t\\N".utf8), width: 3) == nil)
        #expect(check(Array("a\\tb\\\\c\\nd\tx".utf8), width: 2) == nil)
        #expect(check(Array("\\303\\251t\\xC3\\xA9".utf8), width: 1) == nil)
        #expect(check(Array("tab\\\tstill one field".utf8), width: 1) == nil)
        #expect(check([], width: 0) == nil)
        #expect(check([], width: 1) == nil)
    }

    @Test("a line of another width names its field count")
    func width() {
        #expect(check(Array("1\t2".utf8), width: 3) == .width(2))
        #expect(check(Array("1\\\t2".utf8), width: 2) == .width(1))
        #expect(check([], width: 2) == .width(1))
        #expect(check(Array("a".utf8), width: 0) == .width(1))
    }

    @Test("escapes that resolve to bytes that are not UTF-8 are refused, wherever they sit in the line")
    func escapesNotUTF8() {
        #expect(check(Array("1\tsecret\\351value".utf8), width: 2) == .invalidUTF8)
        #expect(check(Array("\\xff\tok".utf8), width: 2) == .invalidUTF8)
        #expect(check(Array("ok\t\\303".utf8), width: 2) == .invalidUTF8)
        #expect(check(Array("ok\t\\303".utf8), width: 2, rawBytesAreChecked: true) == .invalidUTF8)
    }

    @Test("a line's own bytes past ASCII are checked unless the caller has checked them")
    func rawBytes() {
        let line: [UInt8] = Array("1\tcaf".utf8) + [0xE9]
        #expect(check(line, width: 2) == .invalidUTF8)
        #expect(check(line, width: 2, rawBytesAreChecked: true) == nil)
        #expect(check(line + Array("\\n".utf8), width: 2) == .invalidUTF8)
    }
}

import Testing

@testable import VeilMasking

/// A phone right after a letter: found when nothing could make it part of a word (an international number, or text
/// in a script written without spaces), not when digits continue an ASCII word.
@Suite("scrub: phones right after letters")
struct ScrubPhoneBoundaryTests {
    static func phones(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return PIIDetector().matches(in: bytes).filter { $0.kind == .phone }.map {
            String(decoding: bytes[$0.range], as: UTF8.self)
        }
    }

    @Test(
        "found",
        arguments: [
            ("Tel+44 20 7946 0958 today", "+44 20 7946 0958"),
            ("電話090-1234-5678です", "090-1234-5678"),
            ("телефон+7 495 123 4567", "+7 495 123 4567"),
            ("call+1-202-555-0143", "+1-202-555-0143"),
        ])
    func found(text: String, phone: String) {
        #expect(Self.phones(text) == [phone])
    }

    @Test("not found inside an ASCII word", arguments: ["INV555-123-4567", "ref2022-02-15", "abc020 7946 0958"])
    func notFound(text: String) {
        #expect(Self.phones(text).isEmpty)
    }
}

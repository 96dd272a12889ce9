// Properties of the `scrub` detectors, shared by the target `scrub` (every detector and their overlap resolution)
// and the targets `scrub-KIND` (one detector each, so that coverage guides the search into that detector alone).
// Compiled only into the scrub targets (Fuzz/build.sh), which link VeilMasking.

@testable import VeilMasking

enum ScrubChecks {
    /// The finds of `what`: non-empty ranges inside the text, in order, without overlaps, each starting and ending on
    /// a UTF-8 character boundary (scrub replaces exactly those bytes).
    static func checkRanges(_ ranges: [Range<Int>], in bytes: [UInt8], _ what: String) {
        var previousEnd = 0
        for range in ranges {
            fuzzRequire(
                !range.isEmpty && range.lowerBound >= 0 && range.upperBound <= bytes.count,
                "\(what): a range outside the text")
            fuzzRequire(range.lowerBound >= previousEnd, "\(what): ranges overlap or are out of order")
            fuzzRequire(
                isBoundary(range.lowerBound, bytes) && isBoundary(range.upperBound, bytes),
                "\(what): a range splits a character")
            previousEnd = range.upperBound
        }
    }

    /// What a detector finds is of its kind: an email holds one `@`, a card number 13 to 19 digits passing Luhn, an
    /// SSN is `ddd-dd-dddd`, an IPv4 address four numbers up to 255.
    static func checkKind(_ kind: PIIKind, _ found: [UInt8]) {
        let digits = found.filter { (0x30...0x39).contains($0) }.map { $0 - 0x30 }
        switch kind {
        case .email:
            fuzzRequire(found.filter { $0 == 0x40 }.count == 1, "an email without exactly one @")
        case .card:
            fuzzRequire((13...19).contains(digits.count) && luhn(digits), "a card number that fails Luhn")
        case .ssn:
            let shape = found.map { $0 == 0x2D ? "-" : (0x30...0x39).contains($0) ? "d" : "?" }.joined()
            fuzzRequire(shape == "ddd-dd-dddd", "an SSN of another shape")
        case .ipv4:
            let parts = found.split(separator: 0x2E, omittingEmptySubsequences: false)
            fuzzRequire(
                parts.count == 4
                    && parts.allSatisfy { part in
                        !part.isEmpty && part.count <= 3 && part.allSatisfy { (0x30...0x39).contains($0) }
                            && Int(String(decoding: part, as: UTF8.self))! <= 255
                    }, "an IPv4 address that is not four numbers up to 255")
        case .ipv6:
            fuzzRequire(found.contains(0x3A), "an IPv6 address without a colon")
        case .iban, .phone:
            fuzzRequire(!digits.isEmpty, "\(kind.rawValue) without a digit")
        }
    }

    /// One detector on one input: the input's first bytes choose a well-formed value of `kind` (``PlantedValue``),
    /// which is planted on a line of its own at a character boundary of the rest of the input. Beyond the range
    /// properties, the detector and `PIIDetector.matches(in:)` must each cover every byte of the planted value: a
    /// value scrub does not find is published as it is.
    static func runDetector(_ kind: PIIKind, _ input: UnsafeBufferPointer<UInt8>) {
        guard input.count >= PlantedValue.choiceBytes else { return }
        let choice = Array(input.prefix(PlantedValue.choiceBytes))
        let value = Array(PlantedValue.make(kind, from: choice).utf8)
        let text = Array(String(decoding: input.dropFirst(PlantedValue.choiceBytes), as: UTF8.self).utf8)
        var at = text.isEmpty ? 0 : Int(choice[0]) * 256 % (text.count + 1)
        while at < text.count && !isBoundary(at, text) { at += 1 }
        let bytes = Array(text[..<at]) + [0x0A] + value + [0x0A] + Array(text[at...])
        let planted = (at + 1)..<(at + 1 + value.count)

        let found = PIIDetector.find(kind, in: bytes)
        checkRanges(found, in: bytes, kind.rawValue)
        for range in found { checkKind(kind, Array(bytes[range])) }
        fuzzRequire(
            covers(found, planted), "\(kind.rawValue): a planted value on a line of its own was not found whole")
        let matches = PIIDetector().matches(in: bytes).map(\.range)
        checkRanges(matches, in: bytes, "matches(in:)")
        fuzzRequire(covers(matches, planted), "matches(in:): a planted \(kind.rawValue) was not found whole")
    }

    /// True when the finds together hold every byte of `planted`.
    private static func covers(_ ranges: [Range<Int>], _ planted: Range<Int>) -> Bool {
        var next = planted.lowerBound
        for range in ranges where range.lowerBound <= next && range.upperBound > next {
            next = range.upperBound
            if next >= planted.upperBound { return true }
        }
        return next >= planted.upperBound
    }

    /// True unless `index` falls on a UTF-8 continuation byte.
    private static func isBoundary(_ index: Int, _ bytes: [UInt8]) -> Bool {
        index == bytes.count || bytes[index] & 0xC0 != 0x80
    }

    /// The Luhn check, written out here independently of the detector's.
    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if position % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }
}

// Fuzz target `scrub`: free text through each detector of the `scrub` rule (`PIIText.emails()`, `cards()`,
// `ibans()`, `ssns()`, `phones()`, `ipv4Addresses()`, `ipv6Addresses()`) and through `PIIDetector.matches(in:)`,
// which resolves their overlaps, as `scrub` calls it on every value.
//
// Properties beyond "no crash": every find is a non-empty range inside the text, in order, without overlaps, and
// starts and ends on UTF-8 character boundaries (scrub replaces exactly those bytes); what each detector finds is
// of its kind (an email holds one `@`, a card number 13 to 19 digits passing Luhn, an SSN is `ddd-dd-dddd`, an
// IPv4 address four numbers up to 255).

@testable import VeilMasking

@_cdecl("LLVMFuzzerTestOneInput")
public func scrubFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    // scrub sees values, which are Swift strings: valid UTF-8.
    let bytes = Array(String(decoding: fuzzBytes(data, size), as: UTF8.self).utf8)
    for kind in PIIKind.allCases {
        let found = PIIDetector.find(kind, in: bytes)
        checkRanges(found, in: bytes, kind.rawValue)
        for range in found { checkKind(kind, Array(bytes[range])) }
    }
    let matches = PIIDetector().matches(in: bytes)
    checkRanges(matches.map(\.range), in: bytes, "matches(in:)")
    return 0
}

private func checkRanges(_ ranges: [Range<Int>], in bytes: [UInt8], _ what: String) {
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

/// True unless `index` falls on a UTF-8 continuation byte.
private func isBoundary(_ index: Int, _ bytes: [UInt8]) -> Bool {
    index == bytes.count || bytes[index] & 0xC0 != 0x80
}

private func checkKind(_ kind: PIIKind, _ found: [UInt8]) {
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

/// The Luhn check, written out here independently of the detector's.
private func luhn(_ digits: [UInt8]) -> Bool {
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

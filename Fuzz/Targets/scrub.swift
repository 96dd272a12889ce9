// Fuzz target `scrub`: free text through each detector of the `scrub` rule (`PIIText.emails()`, `cards()`,
// `ibans()`, `ssns()`, `phones()`, `ipv4Addresses()`, `ipv6Addresses()`) and through `PIIDetector.matches(in:)`,
// which resolves their overlaps, as `scrub` calls it on every value.
//
// Properties beyond "no crash" (Fuzz/Support/Scrub/ScrubChecks.swift): every find is a non-empty range inside the
// text, in order, without overlaps, on UTF-8 character boundaries, and of its kind; and skipping the kinds whose
// anchors the text lacks (`PIIAnchors`) finds exactly what searching every kind finds. The targets `scrub-KIND` fuzz one
// detector each, with a value of its kind planted that it must find.

@testable import VeilMasking

@_cdecl("LLVMFuzzerTestOneInput")
public func scrubFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    // scrub sees values, which are Swift strings: valid UTF-8.
    let bytes = Array(String(decoding: fuzzBytes(data, size), as: UTF8.self).utf8)
    for kind in PIIKind.allCases {
        let found = PIIDetector.find(kind, in: bytes)
        ScrubChecks.checkRanges(found, in: bytes, kind.rawValue)
        for range in found { ScrubChecks.checkKind(kind, Array(bytes[range])) }
    }
    let matches = PIIDetector().matches(in: bytes)
    ScrubChecks.checkRanges(matches.map(\.range), in: bytes, "matches(in:)")
    fuzzRequire(
        matches == PIIDetector().matchesSearchingEveryKind(in: bytes),
        "matches(in:): skipping kinds by their anchors lost or changed a find")
    return 0
}

// Fuzz target `scrub-phone`: the `phone` detector of the `scrub` rule alone, with a well-formed phone planted in the
// text; properties in Fuzz/Support/Scrub/ScrubChecks.swift (`runDetector`).

@testable import VeilMasking

@_cdecl("LLVMFuzzerTestOneInput")
public func scrubDetectorFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ScrubChecks.runDetector(.phone, fuzzBytes(data, size))
    return 0
}

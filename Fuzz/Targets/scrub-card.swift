// Fuzz target `scrub-card`: the `card` detector of the `scrub` rule alone, with a well-formed card planted in the
// text; properties in Fuzz/Support/Scrub/ScrubChecks.swift (`runDetector`).

@testable import VeilMasking

@_cdecl("LLVMFuzzerTestOneInput")
public func scrubDetectorFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ScrubChecks.runDetector(.card, fuzzBytes(data, size))
    return 0
}

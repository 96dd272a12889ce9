// Fuzz target `scrub-iban`: the `iban` detector of the `scrub` rule alone, with a well-formed iban planted in the
// text; properties in Fuzz/Support/Scrub/ScrubChecks.swift (`runDetector`).

@testable import VeilMasking

@_cdecl("LLVMFuzzerTestOneInput")
public func scrubDetectorFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ScrubChecks.runDetector(.iban, fuzzBytes(data, size))
    return 0
}

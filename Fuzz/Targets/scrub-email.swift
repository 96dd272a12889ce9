// Fuzz target `scrub-email`: the `email` detector of the `scrub` rule alone, with a well-formed email planted in the
// text; properties in Fuzz/Support/Scrub/ScrubChecks.swift (`runDetector`).

@testable import VeilMasking

@_cdecl("LLVMFuzzerTestOneInput")
public func scrubDetectorFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ScrubChecks.runDetector(.email, fuzzBytes(data, size))
    return 0
}

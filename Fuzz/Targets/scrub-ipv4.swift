// Fuzz target `scrub-ipv4`: the `ipv4` detector of the `scrub` rule alone, with a well-formed ipv4 planted in the
// text; properties in Fuzz/Support/Scrub/ScrubChecks.swift (`runDetector`).

@testable import VeilMasking

@_cdecl("LLVMFuzzerTestOneInput")
public func scrubDetectorFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ScrubChecks.runDetector(.ipv4, fuzzBytes(data, size))
    return 0
}

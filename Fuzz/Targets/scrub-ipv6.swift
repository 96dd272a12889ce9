// Fuzz target `scrub-ipv6`: the `ipv6` detector of the `scrub` rule alone, with a well-formed ipv6 planted in the
// text; properties in Fuzz/Support/Scrub/ScrubChecks.swift (`runDetector`).

@testable import VeilMasking

@_cdecl("LLVMFuzzerTestOneInput")
public func scrubDetectorFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ScrubChecks.runDetector(.ipv6, fuzzBytes(data, size))
    return 0
}

// Fuzz target `profile`: a profile file's bytes through what `ProfileLoader.load(contentsOf:)` does with them:
// UTF-8 check, YAML composition (Yams), duplicate keys, and the decoder of every section.
//
// Property beyond "no crash": a profile error always has a location, and a real one: every problem names the
// file, a line of it (1 to the number of lines as YAML counts them, or the line after the last) and a column
// from 1.

import Foundation

@testable import VeilProfile

@_cdecl("LLVMFuzzerTestOneInput")
public func profileFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Data(fuzzBytes(data, size))
    let file = "fuzz.yaml"
    do {
        let text = try UTF8Text.decode(bytes, file: file)
        _ = try ProfileLoader.parse(text, file: file)
    } catch {
        fuzzRequire(!error.problems.isEmpty, "a profile error without a problem")
        let lines = yamlLineCount(bytes)
        for problem in error.problems {
            let location = problem.location
            fuzzRequire(location.file == file, "a problem located in another file")
            fuzzRequire(
                location.line >= 1 && location.line <= lines + 1, "a problem at line \(location.line) of \(lines)")
            fuzzRequire(location.column >= 1, "a problem at column \(location.column)")
            fuzzRequire(
                problem.description.hasPrefix("\(file):\(location.line):"), "a problem printed without its place")
        }
    }
    return 0
}

/// The lines of `bytes` as YAML (and so the profile's locations) counts them: LF, CR, CRLF, NEL (U+0085) and the
/// line and paragraph separators (U+2028, U+2029) each end one.
private func yamlLineCount(_ bytes: Data) -> Int {
    let text = Array(bytes)
    var lines = 1
    var index = 0
    while index < text.count {
        switch text[index] {
        case 0x0A: lines += 1
        case 0x0D:
            lines += 1
            if index + 1 < text.count && text[index + 1] == 0x0A { index += 1 }
        case 0xC2 where index + 1 < text.count && text[index + 1] == 0x85: lines += 1
        case 0xE2 where index + 2 < text.count && text[index + 1] == 0x80 && (text[index + 2] & 0xFE) == 0xA8:
            lines += 1
        default: break
        }
        index += 1
    }
    return lines
}

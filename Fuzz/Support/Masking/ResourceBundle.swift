// SwiftPM generates `Bundle.module` for VeilMasking's word lists; a fuzz build compiles the module with swiftc,
// so it points at the main bundle instead (no fuzz target reads a word list).
import Foundation

extension Bundle {
    static var module: Bundle { .main }
}

import Foundation

/// A seam for end-to-end tests that must act at an exact moment of a run: when `VEIL_DEBUG_PAUSE` names a stage, the
/// run says `veil: paused at STAGE` on standard error when it gets there and waits — until the file named by
/// `VEIL_DEBUG_RESUME` exists, or a minute has passed — so the test can send a signal, or change the world and let
/// the run go on. Nothing happens when the variable is unset or names another stage.
///
/// Stages: `before-leak-confirmation` (the output is complete under its temporary name, not yet checked or
/// published), `before-publish` (report and manifest written, the output not yet under its final name).
package enum DebugPause {
    package static func at(_ stage: String) {
        let environment = ProcessInfo.processInfo.environment
        guard environment["VEIL_DEBUG_PAUSE"] == stage else { return }
        FileHandle.standardError.write(Data("veil: paused at \(stage)\n".utf8))
        let resume = environment["VEIL_DEBUG_RESUME"]
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let resume, FileManager.default.fileExists(atPath: resume) { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}

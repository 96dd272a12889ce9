import Foundation
import VeilCore
import VeilPipeline
import VeilVault

/// `veil run`: one masked copy of a source, refused before any row is written when the profile does not cover
/// the source, and published under the target name only when complete, checked and documented
/// (``RunPublication``). A PostgreSQL target is refreshed the
/// way `veil refresh` does it (built beside the target, then swapped in).
public struct MaskingRun {
    /// What the caller asks for; the engine's ``RunRequest``.
    public typealias Request = RunRequest

    public let request: Request
    public let progress: ProgressReporter
    /// Overrides the profile's key store (the demo passes its own).
    public let keyStore: KeyStore?

    public init(request: Request, progress: ProgressReporter, keyStore: KeyStore? = nil) {
        self.request = request
        self.progress = progress
        self.keyStore = keyStore
    }

    public func execute() throws -> RunReport {
        let leakCheck = RunLeakCheck()
        let run = try PreparedRun(request: request, keyStore: keyStore, alongsideKeys: leakCheck.prepare)
        if case .postgres = run.target {
            return try StagingRefresh(request: request, progress: progress).execute(run, leakCheck: leakCheck)
        }
        progress.start(source: run.source.description, target: run.target.description, jobs: run.jobs)
        let sink = try run.target.openSink(fedBy: run.source)
        let outcome: (statistics: RunStatistics, seconds: Double)
        do {
            outcome = try run.stream(into: sink, progress: progress, leakObserver: leakCheck.observer)
        } catch {
            sink.abort()
            throw error
        }
        return try RunPublication(run: run, request: request, progress: progress)
            .finish(sink, outcome: outcome, leakCheck: leakCheck)
    }
}

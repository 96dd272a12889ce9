import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reports a run's progress on standard error: a redrawn bar per table on a terminal, plain
/// `key=value` lines otherwise (cron, CI, log collectors). Names and counts only, never values.
public final class ProgressReporter: @unchecked Sendable {
    public enum Style: Sendable {
        case bar
        case lines
        case silent
    }

    private let style: Style
    private let lock = NSLock()
    private var lastDraw = DispatchTime.now()

    public init(style: Style) {
        self.style = style
    }

    /// A bar on a terminal, plain lines otherwise.
    public static func automatic() -> ProgressReporter {
        ProgressReporter(style: isatty(STDERR_FILENO) == 1 ? .bar : .lines)
    }

    public func start(source: String, target: String, jobs: Int) {
        emit("veil: masking \(source) -> \(target) (\(jobs) jobs)")
    }

    /// Progress inside the current table: a bar when the table's total is known, a count otherwise.
    func update(table: String, rows: Int, total: Int?) {
        guard style == .bar else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now()
        guard now.uptimeNanoseconds - lastDraw.uptimeNanoseconds > 100_000_000 else { return }
        lastDraw = now
        var line = "\r\(table): \(rows) rows"
        if let total, total > 0 {
            let width = 30
            let filled = min(width, rows * width / total)
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            line = "\r[\(bar)] \(rows * 100 / total)% \(table): \(rows)/\(total) rows"
        }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    func tableDone(_ table: String, rows: Int, seconds: Double) {
        switch style {
        case .silent: return
        case .bar:
            emit("\r\(table): \(rows) rows in " + String(format: "%.2f s", seconds) + "\u{1B}[K")
        case .lines:
            emit("table=\(table) rows=\(rows) seconds=" + String(format: "%.3f", seconds))
        }
    }

    /// One step outside the tables (a refresh's lock, load check, swap), as a line.
    package func step(_ text: String) {
        emit(style == .lines ? "step=\"\(text)\"" : "veil: \(text)")
    }

    public func finish(_ lines: [String]) {
        for line in lines { emit(line) }
    }

    private func emit(_ line: String) {
        guard style != .silent else { return }
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

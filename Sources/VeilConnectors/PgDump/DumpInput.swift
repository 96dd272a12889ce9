import VeilCore
import VeilFiles

/// Where a ``PgDumpReader`` gets the plain-format text, once per pass.
///
/// The reader makes two passes (the pre-scan, then the stream). Each pass asks for a descriptor positioned at
/// the start of the text, reads it to the end, and then calls ``endPass()`` so the input can check that the
/// text it produced was complete. A plain file rewinds; an archive runs `pg_restore` again.
protocol DumpInput: AnyObject {
    /// A descriptor at the start of the dump text for a new pass. The input owns it and closes it.
    /// - Throws: ``VeilError`` with code `.source` if the text cannot be read.
    func beginPass() throws -> Int32

    /// Called after a pass read the text to its end.
    /// - Throws: ``VeilError`` with code `.source` when the producer of the text failed.
    func endPass() throws

    /// Called when a pass failed with `error` before the end of the text; returns the error to report. An
    /// archive's input reports `pg_restore`'s own failure in its place when that is what cut the text short.
    func failedPass(_ error: any Error) -> any Error
}

/// A plain-format dump file: opened once, rewound before every pass but the first.
///
/// The passes must read the same bytes: the file's identity, size and modification time when the first pass
/// begins are checked again at the start and end of every pass, and when a pass fails, so a dump that is
/// truncated, appended to or rewritten in place while a run reads it fails with a `.source` error instead of
/// streaming what was left.
final class FileDumpInput: DumpInput {
    private let path: String
    private let fd: Int32
    private var passes = 0
    /// The file as the first pass found it (nil for what is not a regular file, such as a pipe).
    private var reference: FileStatus?

    /// Opens the file.
    /// - Throws: ``VeilError`` with code `.source` if the file cannot be opened.
    init(path: String) throws {
        self.path = path
        switch Syscalls.openForReading(path) {
        case .success(let descriptor):
            fd = descriptor
        case .failure(let error):
            throw VeilError(.source, "cannot open the dump \(path): \(error)")
        }
    }

    deinit { Syscalls.close(fd) }

    func beginPass() throws -> Int32 {
        passes += 1
        // The first pass starts where `open` left us, so a dump read once (a pipe) still gets its pre-scan.
        if passes > 1, case .failure(let error) = Syscalls.seekToStart(fd) {
            throw VeilError(.source, "cannot read the dump \(path): \(error)")
        }
        if passes == 1, case .success(let status) = Syscalls.status(fd), status.isRegularFile {
            reference = status
        }
        try checkUnchanged()
        return fd
    }

    func endPass() throws {
        try checkUnchanged()
    }

    func failedPass(_ error: any Error) -> any Error {
        do {
            try checkUnchanged()
        } catch let changed {
            return changed
        }
        return error
    }

    /// - Throws: ``VeilError`` with code `.source` when the file is no longer as the first pass found it.
    private func checkUnchanged() throws {
        guard let reference else { return }
        guard case .success(let status) = Syscalls.status(fd), status == reference else {
            throw VeilError(
                .source,
                "the dump \(path) changed while it was read (its size or modification time moved); read a copy "
                    + "that nothing writes to")
        }
    }
}

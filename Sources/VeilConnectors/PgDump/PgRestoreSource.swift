import Foundation
import VeilCore
import VeilFiles

/// How `pg_dump` wrote an archive that `pg_restore` reads.
public enum PgDumpArchiveFormat: Sendable, Equatable {
    /// `pg_dump -Fc`: one file starting with `PGDMP`.
    case custom
    /// `pg_dump -Ft`: a POSIX tar file.
    case tar
    /// `pg_dump -Fd`: a folder holding `toc.dat`.
    case directory
}

extension PgDumpReader {
    /// True when `path` is a pg_dump archive that `pg_restore` reads rather than a plain-format dump (see
    /// ``archiveFormat(path:)``).
    public static func isArchive(path: String) -> Bool {
        archiveFormat(path: path) != nil
    }

    /// The archive format of `path`, or nil for a plain-format dump (or anything else): a custom format file
    /// (`pg_dump -Fc`, starting with the bytes `PGDMP`), a tar format file (`pg_dump -Ft`, a POSIX tar whose header
    /// has `ustar` at offset 257) or a directory format folder (`pg_dump -Fd`, holding `toc.dat`).
    public static func archiveFormat(path: String) -> PgDumpArchiveFormat? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            var tocIsDirectory: ObjCBool = false
            let toc = URL(fileURLWithPath: path).appendingPathComponent("toc.dat").path
            let hasToc =
                FileManager.default.fileExists(atPath: toc, isDirectory: &tocIsDirectory) && !tocIsDirectory.boolValue
            return hasToc ? .directory : nil
        }
        // Only a regular file is peeked at: reading the magic from a pipe would eat the dump's first bytes.
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        guard type == .typeRegular, case .success(let fd) = Syscalls.openForReading(path) else { return nil }
        defer { Syscalls.close(fd) }
        var header = [UInt8](repeating: 0, count: 262)
        var filled = 0
        while filled < header.count {
            let result = header.withUnsafeMutableBytes {
                Syscalls.read(fd, into: $0.baseAddress! + filled, count: $0.count - filled)
            }
            guard case .success(let count) = result, count > 0 else { break }
            filled += count
        }
        if filled >= 5 && header[0..<5].elementsEqual("PGDMP".utf8) { return .custom }
        return filled == header.count && header[257..<262].elementsEqual("ustar".utf8) ? .tar : nil
    }

    /// The `pg_restore` executable archives are read with (see ``PostgresClientTools/executable(named:)``).
    public static func pgRestoreExecutable() -> String? {
        PostgresClientTools.executable(named: "pg_restore")
    }
}

/// A pg_dump archive (custom, tar or directory format) read as plain text through `pg_restore --file=- ARCHIVE`.
///
/// Every pass runs `pg_restore` again, so the archive is read from disk twice and never copied. `pg_restore`
/// runs without options, so its text is what a plain `pg_dump` of the same database holds, trailer included
/// (the reader refuses text without it). When it exits with a non-zero status or writes to stderr, the pass
/// fails with a `.source` error quoting its first stderr line (pg_restore's messages name archive entries, not
/// row values). The archive's files must keep the size and modification time the first pass saw.
final class PgRestoreInput: DumpInput {
    private let archive: String
    private let executable: String
    private var running: RunningRestore?
    /// The archive's files as the first pass found them.
    private var reference: [FileStatus]?

    /// - Throws: ``VeilError`` with code `.source` when no `pg_restore` executable can be found, or when a tar
    ///   archive is damaged or cut short (``TarArchiveCheck``).
    init(archive: String, format: PgDumpArchiveFormat) throws {
        guard let executable = PgDumpReader.pgRestoreExecutable() else {
            throw VeilError(
                .source,
                "\(archive) is a pg_dump archive, and reading it needs pg_restore, which is neither on PATH nor "
                    + "in /usr/lib/postgresql/*/bin")
        }
        // pg_restore would spin forever on a tar archive cut short; such an archive is refused here instead.
        if format == .tar { try TarArchiveCheck.verify(path: archive) }
        self.archive = archive
        self.executable = executable
    }

    deinit { running?.stop() }

    func beginPass() throws -> Int32 {
        running?.stop()
        running = nil
        if reference == nil { reference = archiveStatus() }
        try checkUnchanged()
        let started = try RunningRestore(executable: executable, archive: archive)
        running = started
        return started.output
    }

    func endPass() throws {
        guard let pass = running else { return }
        running = nil
        try pass.finish()
        try checkUnchanged()
    }

    func failedPass(_ error: any Error) -> any Error {
        guard let pass = running else { return error }
        running = nil
        // At the end of its output pg_restore has exited: its failure is the cause of ours.
        if pass.outputEnded() {
            do { try pass.finish() } catch let restoreError { return restoreError }
        } else {
            pass.stop()
        }
        do { try checkUnchanged() } catch let changed { return changed }
        return error
    }

    /// The status of the archive file, or of every file in a directory archive (sorted by name).
    private func archiveStatus() -> [FileStatus] {
        guard case .success(let status) = Syscalls.status(path: archive) else { return [] }
        guard !status.isRegularFile else { return [status] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: archive)) ?? []).sorted()
        return names.compactMap { name in
            guard case .success(let entry) = Syscalls.status(path: archive + "/" + name) else { return nil }
            return entry
        }
    }

    /// - Throws: ``VeilError`` with code `.source` when the archive is no longer as the first pass found it.
    private func checkUnchanged() throws {
        guard let reference, archiveStatus() != reference else { return }
        throw VeilError(
            .source,
            "the archive \(archive) changed while it was read (a file's size or modification time moved); read a "
                + "copy that nothing writes to")
    }
}

/// One `pg_restore` process: its stdout is the dump text, its stderr is collected on a background queue so it
/// can never fill its pipe and stall the process.
private final class RunningRestore {
    private let process = Process()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private let messages = StderrCollector()

    /// The descriptor the dump text is read from.
    var output: Int32 { stdout.fileHandleForReading.fileDescriptor }

    init(executable: String, archive: String) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--file=-", archive]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw VeilError(.source, "cannot run pg_restore (\(executable)): \(error.localizedDescription)")
        }
        messages.collect(from: stderr.fileHandleForReading.fileDescriptor)
    }

    /// True when stdout is at its end (pg_restore closed it by exiting); reads and drops at most one chunk.
    func outputEnded() -> Bool {
        var scratch = [UInt8](repeating: 0, count: 4096)
        let result = scratch.withUnsafeMutableBytes { Syscalls.read(output, into: $0.baseAddress!, count: $0.count) }
        if case .success(0) = result { return true }
        return false
    }

    /// Waits for the process and checks that it succeeded and was silent.
    func finish() throws {
        process.waitUntilExit()
        let text = messages.wait()
        stdout.fileHandleForReading.closeFile()
        let firstLine = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty }
        if process.terminationReason == .exit && process.terminationStatus == 0 && firstLine == nil { return }
        let reason: String
        if var firstLine {
            // "pg_restore: error: could not read ..." reads better without the program's own prefix.
            for prefix in ["pg_restore: ", "error: "] where firstLine.hasPrefix(prefix) {
                firstLine = String(firstLine.dropFirst(prefix.count))
            }
            reason = String(firstLine.prefix(300))
        } else if process.terminationReason == .uncaughtSignal {
            reason = "killed by signal \(process.terminationStatus)"
        } else {
            reason = "exit status \(process.terminationStatus)"
        }
        throw VeilError(.source, "pg_restore failed: \(reason)")
    }

    /// Stops reading: closing stdout makes pg_restore fail its next write and exit; then it is reaped.
    func stop() {
        stdout.fileHandleForReading.closeFile()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        _ = messages.wait()
    }
}

/// Reads a stderr pipe to its end on a background queue, keeping the first few kilobytes.
private final class StderrCollector: @unchecked Sendable {
    private static let limit = 8192
    private let lock = NSLock()
    private let done = DispatchGroup()
    private var bytes: [UInt8] = []

    func collect(from fd: Int32) {
        done.enter()
        DispatchQueue.global().async { [self] in
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let result = chunk.withUnsafeMutableBytes {
                    Syscalls.read(fd, into: $0.baseAddress!, count: $0.count)
                }
                guard case .success(let count) = result, count > 0 else { break }
                lock.withLock {
                    if bytes.count < Self.limit { bytes += chunk[0..<min(count, Self.limit - bytes.count)] }
                }
            }
            done.leave()
        }
    }

    /// Waits for the end of the pipe and returns what was written, decoded leniently.
    func wait() -> String {
        done.wait()
        return lock.withLock { String(decoding: bytes, as: UTF8.self) }
    }
}

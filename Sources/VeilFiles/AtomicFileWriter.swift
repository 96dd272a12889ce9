import Foundation
import VeilCore

/// Writes a file that appears under its final name only when complete.
///
/// Bytes go, buffered, to a temporary file `.<name>.veil-tmp-<pid>-<random>` in the destination's directory, created
/// with mode 0600 so no other user can read a half-written copy. `commit()` flushes, `fsync`s, renames the
/// temporary file onto the final path (an atomic replace on POSIX file systems) and syncs the directory; a run
/// that checks its output first calls `complete()` (flushed, synced, closed, still under the temporary name) and
/// `publish()` last. `discard()` closes and removes the temporary file; so does `deinit` if neither was called. A run that was
/// killed leaves its temporary file behind; the next writer of the same path removes it (its process is gone).
///
/// Failures are ``VeilError``s with code `.target`; they name the path, never the data.
public final class AtomicFileWriter {
    /// The final path.
    public let path: String
    /// The temporary path the bytes go to until `commit()`.
    public let temporaryPath: String
    private var fd: Int32?
    private var buffer: [UInt8] = []
    private let flushThreshold: Int
    private var committed = false
    private var completed = false

    /// Creates the temporary file next to `path`.
    /// - Parameters:
    ///   - path: where the finished file will appear.
    ///   - bufferSize: bytes collected before each `write(2)`.
    public init(path: String, bufferSize: Int = 1 << 20) throws {
        self.path = path
        guard !Self.split(path).name.isEmpty else {
            throw VeilError(.target, "cannot create output file \(path): the path names a directory")
        }
        self.temporaryPath = Self.temporaryPath(for: path)
        self.flushThreshold = max(bufferSize, 4096)
        buffer.reserveCapacity(flushThreshold + 4096)
        switch Syscalls.createExclusive(temporaryPath) {
        case .success(let descriptor):
            fd = descriptor
        case .failure(let error):
            TemporaryOutputs.unregister(temporaryPath)
            throw VeilError(.target, "cannot create output file \(path): \(error)")
        }
        // The umask can only remove bits; set 0600 explicitly so the mode never depends on it.
        if case .failure(let error) = Syscalls.setMode(fd!, 0o600) {
            discard()
            throw VeilError(.target, "cannot set the mode of output file \(path): \(error)")
        }
    }

    deinit {
        if !committed { discard() }
    }

    /// Removes temporary files of `name` left by writers whose process no longer exists (a kill -9).
    /// Files of a live process, possibly another run writing the same target, are left alone.
    private static func removeLeftovers(directory: String, prefix: String, name: String) {
        let marker = ".\(name).veil-tmp-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(marker) {
            let rest = entry.dropFirst(marker.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]) else { continue }
            if !Syscalls.processExists(pid) { Syscalls.unlink(prefix + entry) }
        }
    }

    /// Appends bytes, writing the buffer out when it is full.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Appends the UTF-8 bytes of `text`.
    public func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Appends bytes through direct access to the buffer, for encoders that produce output in place.
    package func withBuffer(_ body: (inout [UInt8]) throws -> Void) throws {
        try body(&buffer)
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Writes the buffered bytes to the temporary file.
    public func flush() throws {
        guard let fd else { throw VeilError(.target, "output file \(path) is already closed") }
        guard !buffer.isEmpty else { return }
        let result = buffer.withUnsafeBytes { Syscalls.writeAll(fd, $0.baseAddress!, count: $0.count) }
        if case .failure(let error) = result {
            throw VeilError(.target, "cannot write output file \(path): \(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and renames the temporary file onto `path`: ``complete()`` then ``publish()``.
    public func commit() throws {
        try complete()
        try publish()
    }

    /// Flushes, syncs and closes the temporary file, which stays under its temporary name (``temporaryPath``) until
    /// ``publish()``: the run checks what it wrote before anyone can see it under the final name.
    public func complete() throws {
        guard let descriptor = fd else { throw VeilError(.target, "output file \(path) is already closed") }
        do {
            try flush()
            if case .failure(let error) = Syscalls.sync(descriptor) {
                throw VeilError(.target, "cannot sync output file \(path): \(error)")
            }
        } catch {
            discard()
            throw error
        }
        Syscalls.close(descriptor)
        fd = nil
        completed = true
    }

    /// Renames the completed temporary file onto `path` (an atomic replace) and syncs the directory.
    public func publish() throws {
        guard completed, !committed else {
            throw VeilError(.internal, "output file \(path) was published before it was complete")
        }
        if case .failure(let error) = Syscalls.rename(temporaryPath, path) {
            discard()
            throw VeilError(.target, "cannot move the finished output into place at \(path): \(error)")
        }
        committed = true
        TemporaryOutputs.unregister(temporaryPath)
        Self.syncDirectory(of: path)
    }

    /// Closes and removes the temporary file; the final path is left untouched. Safe to call more than once.
    public func discard() {
        if let fd {
            Syscalls.close(fd)
            self.fd = nil
        }
        if !committed {
            Syscalls.unlink(temporaryPath)
            TemporaryOutputs.unregister(temporaryPath)
        }
        buffer = []
    }

    /// Makes the rename durable. Best effort: some file systems refuse to sync a directory.
    private static func syncDirectory(of path: String) {
        let (directory, _) = split(path)
        guard case .success(let dirFD) = Syscalls.openDirectory(directory.isEmpty ? "." : directory) else { return }
        _ = Syscalls.sync(dirFD)
        Syscalls.close(dirFD)
    }

    /// Publishes a complete file that something else produced at `temporaryPath` (named by ``temporaryPath(for:)``,
    /// e.g. by SQLite's `VACUUM INTO`) under `path`, with this writer's guarantees: mode 0600, synced, renamed onto
    /// `path` (an atomic replace), the directory synced. `beforePublish` runs when the file is complete and synced;
    /// if it or any step throws, the temporary file is removed and `path` keeps what it held.
    public static func publish(
        produced temporaryPath: String, at path: String, beforePublish: () throws -> Void = {}
    ) throws {
        defer { TemporaryOutputs.unregister(temporaryPath) }
        do {
            guard case .success(let descriptor) = Syscalls.openForReading(temporaryPath) else {
                throw VeilError(.target, "cannot open the finished file for \(path)")
            }
            defer { Syscalls.close(descriptor) }
            if case .failure(let error) = Syscalls.setMode(descriptor, 0o600) {
                throw VeilError(.target, "cannot set the mode of \(path): \(error)")
            }
            if case .failure(let error) = Syscalls.sync(descriptor) {
                throw VeilError(.target, "cannot sync \(path): \(error)")
            }
            try beforePublish()
            if case .failure(let error) = Syscalls.rename(temporaryPath, path) {
                throw VeilError(.target, "cannot move the finished file into place at \(path): \(error)")
            }
        } catch {
            Syscalls.unlink(temporaryPath)
            throw error
        }
        syncDirectory(of: path)
    }

    /// A fresh temporary path beside `path` for ``publish(produced:at:beforePublish:)``, registered so that a
    /// `SIGTERM` removes it and named like this writer's own, so that the next writer removes it after a `SIGKILL`.
    public static func temporaryPath(for path: String) -> String {
        let (directory, name) = split(path)
        let prefix = directory.isEmpty ? "" : (directory.hasSuffix("/") ? directory : directory + "/")
        removeLeftovers(directory: directory.isEmpty ? "." : directory, prefix: prefix, name: name)
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let temporary = prefix + ".\(name).veil-tmp-\(Syscalls.processID)-\(suffix)"
        TemporaryOutputs.register(temporary)
        return temporary
    }

    /// `("dir", "name")` for `"dir/name"`, `("", "name")` for a bare name, `("/", "name")` for `"/name"`.
    package static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }
}

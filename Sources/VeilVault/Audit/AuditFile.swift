import Foundation
import VeilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open audit log file descriptor with the few POSIX operations the log needs: `flock`, positioned
/// reads, one-`write` appends, `fsync` and `ftruncate`. Every failure is a ``VeilError`` with code
/// `.keyStore` (exit 77) naming the path and the system error, never file contents.
final class AuditFile {
    let path: String
    private let descriptor: Int32

    /// Opens `path` for reading, or for appending (creating it with mode 0600) when `writable`.
    /// Returns nil if the file does not exist and `writable` is false.
    init?(path: String, writable: Bool) throws {
        self.path = path
        let flags = writable ? (O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC) : (O_RDONLY | O_CLOEXEC)
        let descriptor = open(path, flags, 0o600)
        guard descriptor >= 0 else {
            if !writable, errno == ENOENT { return nil }
            throw Self.failure("cannot open the audit log \(path)")
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Takes the exclusive (or shared) `flock` on the file, waiting for other holders; released when
    /// this object is closed.
    func lock(exclusive: Bool) throws {
        while flock(descriptor, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno != EINTR { throw Self.failure("cannot lock the audit log \(path)") }
        }
    }

    /// Fails unless the open file is still the one at `path` (not replaced or removed meanwhile) and
    /// only its owner can read or write it.
    func checkIdentityAndMode() throws {
        var opened = stat()
        var named = stat()
        guard fstat(descriptor, &opened) == 0 else { throw Self.failure("cannot stat the audit log \(path)") }
        guard stat(path, &named) == 0, named.st_ino == opened.st_ino, named.st_dev == opened.st_dev else {
            throw VeilError(.keyStore, "the audit log \(path) was replaced or removed while it was being opened")
        }
        if opened.st_mode & 0o077 != 0 {
            throw VeilError(
                .keyStore,
                "the audit log \(path) is accessible by group or others (mode "
                    + "\(String(opened.st_mode & 0o777, radix: 8))); run `chmod 600 \(path)`")
        }
    }

    /// The file's size in bytes.
    func size() throws -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure("cannot stat the audit log \(path)") }
        return Int(info.st_size)
    }

    /// `count` bytes from `offset` (fewer only at end of file).
    func read(from offset: Int, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw Self.failure("cannot read the audit log \(path)")
            }
            if got == 0 { break }
            done += got
        }
        return Array(bytes.prefix(done))
    }

    /// The last line (without its newline) and its start offset, or nil for an empty file.
    /// Throws if the file does not end with a newline (an interrupted or damaged write).
    func lastLine() throws -> (bytes: [UInt8], offset: Int)? {
        let size = try size()
        guard size > 0 else { return nil }
        var chunk = 4096
        while true {
            let start = max(0, size - chunk)
            let tail = try read(from: start, count: size - start)
            guard tail.last == UInt8(ascii: "\n") else {
                throw VeilError(
                    .keyStore, "the audit log \(path) ends with an incomplete line; run `veil audit verify`")
            }
            let body = tail.dropLast()
            if let newline = body.lastIndex(of: UInt8(ascii: "\n")) {
                return (Array(body[(newline + 1)...]), start + newline + 1)
            }
            if start == 0 { return (Array(body), 0) }
            chunk *= 4
        }
    }

    /// Appends `bytes` with a single `write` and `fsync`s; on any failure cuts the file back to
    /// `size` so no partial line stays behind, then throws.
    func append(_ bytes: [UInt8], restoringSize size: Int) throws {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
        if written != bytes.count {
            let error =
                written < 0
                ? Self.failure("cannot write the audit log \(path)")
                : VeilError(.keyStore, "short write to the audit log \(path)")
            truncate(to: size)
            throw error
        }
        guard fsync(descriptor) == 0 else {
            let error = Self.failure("cannot fsync the audit log \(path)")
            truncate(to: size)
            throw error
        }
    }

    /// Best effort: cuts the file back to `size` and syncs it (used to undo an entry that could not
    /// be completed).
    func truncate(to size: Int) {
        _ = ftruncate(descriptor, off_t(size))
        _ = fsync(descriptor)
    }

    private static func failure(_ what: String) -> VeilError {
        VeilError(.keyStore, "\(what): \(String(cString: strerror(errno)))")
    }
}

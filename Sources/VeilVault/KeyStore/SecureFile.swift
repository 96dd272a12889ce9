import Foundation
import VeilCore
import VeilFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File operations for secret-bearing files: private permissions, atomic replacement.
enum SecureFile {
    /// Fails unless `path` exists and only its owner can read or write it, like ssh does for keys.
    static func checkPrivate(_ path: String, what: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw VeilError(.keyStore, "\(what) not found at \(path); create it with `veil keys init PROFILE`")
        }
        if info.st_mode & 0o077 != 0 {
            throw VeilError(
                .keyStore,
                "\(what) \(path) is accessible by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); "
                    + "run `chmod 600 \(path)`")
        }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Writes `bytes` to `path` atomically with mode 0600, through the one ``AtomicFileWriter``: a temporary file in
    /// the same directory, synced, then renamed, the directory synced. A crash leaves the old file or the new one,
    /// never a mix. `beforeRename` runs when the temporary file is complete and synced; if it throws, the temporary
    /// file is removed and `path` is untouched.
    static func writeAtomically(_ bytes: [UInt8], to path: String, beforeRename: () throws -> Void = {}) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = try AtomicFileWriter(path: path, bufferSize: max(bytes.count, 4096))
        do {
            try bytes.withUnsafeBytes { try file.write($0) }
            try file.complete()
            try beforeRename()
            try file.publish()
        } catch {
            file.discard()
            throw error
        }
    }
}

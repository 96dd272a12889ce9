import Foundation
import VeilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the raw bytes of an audit head file (`<log>.head`); writing goes through
/// ``SecureFile/writeAtomically(_:to:)``.
enum AuditHeadFile {
    /// The head is a few dozen bytes; anything larger is not a head.
    static let maximumSize = 4096

    /// The file's bytes, or nil if it does not exist. Throws `.keyStore` if it cannot be read or is
    /// implausibly large.
    static func read(_ path: String) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw VeilError(.keyStore, "cannot open the audit head \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: maximumSize + 1)
        var done = 0
        while done < bytes.count {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, $0.count - done, off_t(done)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw VeilError(.keyStore, "cannot read the audit head \(path): \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            done += got
        }
        guard done <= maximumSize else {
            throw VeilError(.keyStore, "the audit head \(path) is not a head file (too large)")
        }
        return Array(bytes.prefix(done))
    }
}

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
    /// The head is a few dozen bytes plus its anchors (a few per staff member); anything larger is not a head.
    static let maximumSize = 1 << 20

    /// The file's bytes, or nil if it does not exist. Throws `.keyStore` if it cannot be read or is
    /// implausibly large.
    static func read(_ path: String) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw VeilError(.keyStore, "cannot open the audit head \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= maximumSize {
            let got = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(bytes.count)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw VeilError(.keyStore, "cannot read the audit head \(path): \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            bytes += chunk.prefix(got)
        }
        let done = bytes.count
        guard done <= maximumSize else {
            throw VeilError(.keyStore, "the audit head \(path) is not a head file (too large)")
        }
        return bytes
    }
}

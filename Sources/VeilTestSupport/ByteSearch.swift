import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fast substring search over a text file's bytes (C `strstr`), for "is any original value left?"
/// checks over megabytes of output. Text only: a NUL byte would end the haystack early.
public struct ByteHaystack: Sendable {
    /// The text's bytes (without the terminating NUL).
    public var bytes: [UInt8] { terminated.dropLast().map { UInt8(bitPattern: $0) } }
    private let terminated: [CChar]

    public init(contentsOf path: String) throws {
        terminated = Array(try Data(contentsOf: URL(fileURLWithPath: path))).map { CChar(bitPattern: $0) } + [0]
    }

    public init(_ text: String) {
        terminated = text.utf8CString.map { $0 }
    }

    /// True when `needle` occurs anywhere.
    public func contains(_ needle: String) -> Bool {
        guard !needle.isEmpty else { return true }
        return terminated.withUnsafeBufferPointer { haystack in
            needle.withCString { strstr(haystack.baseAddress!, $0) != nil }
        }
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain TCP connection to 127.0.0.1 for tests that play a slow or silent client: send bytes when told, and see
/// when the server closes the connection.
public final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32
    /// When the connection was opened.
    public let opened = Date()

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let message = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(description: "connect: \(message)")
        }
    }

    deinit {
        close(descriptor)
    }

    /// Sends `text`; false when the connection is gone.
    @discardableResult
    public func transmit(_ text: String) -> Bool {
        transmit(Array(text.utf8))
    }

    @discardableResult
    public func transmit(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) == buffer.count
        }
    }

    /// Whether the server has closed the connection (end of stream or reset); reads and drops any answer it sent.
    public var isClosed: Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { continue }
            if count == 0 { return true }
            return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR
        }
    }

    /// Waits up to `timeout` seconds for the server to close the connection, calling `meanwhile` every 0.25 s
    /// (to trickle bytes); the seconds from opening to the close, or nil if it stayed open.
    public func secondsUntilClosed(within timeout: TimeInterval, meanwhile: () -> Void = {}) -> TimeInterval? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if isClosed { return Date().timeIntervalSince(opened) }
            meanwhile()
            usleep(250_000)
        }
        return isClosed ? Date().timeIntervalSince(opened) : nil
    }
}

/// Runs blocking test code (raw sockets, sleeps, child processes) on its own thread, so it never holds one of the
/// few threads Swift concurrency shares with the server under test.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

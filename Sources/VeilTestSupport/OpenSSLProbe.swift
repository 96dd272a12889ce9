import Foundation

/// `openssl s_client` and `openssl s_server` for TLS tests: what a handshake with given settings negotiates, and a
/// deliberately permissive server to check that a client's settings can succeed at all (a positive control, so a
/// refused handshake proves the peer's policy, not the probe's).
public enum OpenSSLProbe {
    /// What `s_client` reported.
    public struct Handshake: Sendable, CustomStringConvertible {
        public var succeeded: Bool
        /// `TLSv1.2`, `TLSv1.3`… when it succeeded.
        public var protocolVersion: String?
        public var cipher: String?
        public var output: String

        public var description: String {
            succeeded ? "\(protocolVersion ?? "?") \(cipher ?? "?")" : "refused: \(output.suffix(300))"
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static var openssl: String {
        get throws {
            guard let path = ProcessRunner.which("openssl") else { throw Failure(description: "openssl is needed") }
            return path
        }
    }

    /// Connects with `s_client ARGUMENTS` to 127.0.0.1:`port`, completes the handshake and closes.
    public static func handshake(port: Int, _ arguments: [String]) throws -> Handshake {
        let outcome = try ProcessRunner.run(
            try openssl, ["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "localhost"] + arguments,
            input: "")
        let output = outcome.standardOutput + outcome.standardError
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        // "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384" or "New, (NONE), Cipher is (NONE)"; then, in the
        // session, "Protocol  : TLSv1.2" (the version negotiated).
        let summary = lines.first { $0.hasPrefix("New, ") }
        let cipher = summary?.components(separatedBy: "Cipher is ").last
        let version =
            lines.first { $0.hasPrefix("Protocol") && $0.contains(":") }?
            .split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? summary?.split(separator: ",").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) }
        let succeeded = outcome.status == 0 && cipher != nil && cipher != "(NONE)"
        return Handshake(
            succeeded: succeeded, protocolVersion: succeeded ? version : nil, cipher: succeeded ? cipher : nil,
            output: output)
    }

    /// An `openssl s_server` on 127.0.0.1 (a free port) that accepts one connection with `arguments` (protocol and
    /// cipher flags). It never answers a request: ``handshakeCompleted(within:)`` says whether the client got through
    /// TLS, then ``stop()`` closes the connection.
    public final class Server: @unchecked Sendable {
        public let port: Int
        private let process: Process
        private let output = Pipe()
        /// Kept open: s_server stops when its standard input ends.
        private let input = Pipe()
        private let log = OutputLog()

        public init(certificate: String, key: String, _ arguments: [String]) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: try openssl)
            process.arguments =
                ["s_server", "-accept", "127.0.0.1:0", "-cert", certificate, "-key", key, "-naccept", "1"] + arguments
            process.standardOutput = output
            process.standardError = output
            process.standardInput = input
            try process.run()
            let (reader, log) = (output.fileHandleForReading, log)
            Thread {
                while true {
                    let chunk = reader.availableData
                    if chunk.isEmpty { return }
                    log.append(chunk)
                }
            }.start()
            let deadline = Date().addingTimeInterval(20)
            var found: Int?
            while found == nil, Date() < deadline {
                let current = log.text
                if let range = current.range(of: "ACCEPT 127.0.0.1:") {
                    found = Int(current[range.upperBound...].prefix { $0.isNumber })
                } else {
                    usleep(20_000)
                }
            }
            guard let found else {
                process.terminate()
                throw Failure(description: "openssl s_server did not start: \(log.text)")
            }
            port = found
        }

        deinit {
            stop()
        }

        /// Whether a client completed a TLS handshake with this server within `timeout` seconds (false as soon as
        /// the server ends without one).
        public func handshakeCompleted(within timeout: TimeInterval = 30) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let current = log.text
                if current.split(separator: "\n").contains(where: {
                    $0.hasPrefix("CIPHER is ") && !$0.contains("(NONE)")
                }) {
                    return true
                }
                if !process.isRunning {
                    usleep(100_000)
                    return log.text.contains("\nCIPHER is ")
                }
                usleep(50_000)
            }
            return false
        }

        /// Ends the server (and its connection).
        public func stop() {
            if process.isRunning { process.terminate() }
        }
    }

    /// What s_server printed so far, filled by a reader thread.
    final class OutputLog: @unchecked Sendable {
        private let lock = NSLock()
        private var collected = ""

        var text: String { lock.withLock { collected } }

        func append(_ data: Data) {
            lock.withLock { collected += String(decoding: data, as: UTF8.self) }
        }
    }
}

import Foundation
import VeilCore

extension SecretReference {
    /// The most bytes a secret file or command may produce; a secret is a passphrase or a key, not a document.
    static let maximumSecretSize = 64 * 1024

    /// Reads the secret.
    ///
    /// - `env:NAME`: the variable's value, one trailing newline removed; unset or empty is an error. The variable is
    ///   taken: its bytes are overwritten in place and it is unset (``takeEnvironmentVariable(_:)``), so it can be
    ///   read once per process and is gone from `/proc/PID/environ` and from child processes.
    /// - `file:PATH`: the file's bytes, one trailing newline (`\n` or `\r\n`) removed. A file that its group or
    ///   other users may read or write is refused, as ssh refuses such a private key.
    /// - `command:CMD`: runs `/bin/sh -c CMD` and takes its standard output, one trailing newline removed; the
    ///   command's standard error goes to ours, and a non-zero exit status is an error.
    ///
    /// - Returns: The secret's bytes. The caller should move them into wiped storage and clear this array.
    /// - Throws: ``VeilError`` with code `.keyStore`; its message names the variable, file or exit status,
    ///   never any secret content.
    public func resolve() throws(VeilError) -> [UInt8] {
        let bytes: [UInt8]
        switch self {
        case .environment(let name):
            guard let value = Self.takeEnvironmentVariable(name) else {
                throw VeilError(.keyStore, "environment variable \(name) is not set")
            }
            bytes = value
        case .file(let path):
            bytes = try Self.readSecretFile(path)
        case .command:
            bytes = try runCommand()
        }
        let secret = Self.droppingTrailingNewline(bytes)
        guard !secret.isEmpty else { throw VeilError(.keyStore, "secret from \(kindDescription) is empty") }
        return secret
    }

    private var kindDescription: String {
        switch self {
        case .environment(let name): "environment variable \(name)"
        case .file(let path): "file \(path)"
        case .command: "the keys command"
        }
    }

    static func droppingTrailingNewline(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        if bytes.last == UInt8(ascii: "\n") {
            bytes.removeLast()
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        }
        return bytes
    }

    /// Opens first, then checks the mode of what was opened, so the file checked is the file read.
    private static func readSecretFile(_ path: String) throws(VeilError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw VeilError(.keyStore, "cannot open secret file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw VeilError(.keyStore, "cannot stat secret file \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw VeilError(.keyStore, "secret file \(path) is not a regular file")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw VeilError(
                .keyStore,
                "secret file \(path) is accessible by group or others (mode \(String(mode, radix: 8))); "
                    + "run: chmod 600 \(path)"
            )
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        defer { buffer.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw VeilError(.keyStore, "cannot read secret file \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            guard bytes.count <= maximumSecretSize else {
                throw VeilError(.keyStore, "secret file \(path) is larger than \(maximumSecretSize) bytes")
            }
        }
        return bytes
    }

    private func runCommand() throws(VeilError) -> [UInt8] {
        guard case .command(let command) = self else { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw VeilError(.keyStore, "cannot start the keys command")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw VeilError(.keyStore, "the keys command failed (status \(process.terminationStatus))")
        }
        guard data.count <= Self.maximumSecretSize else {
            throw VeilError(.keyStore, "the keys command printed more than \(Self.maximumSecretSize) bytes")
        }
        return Array(data)
    }
}

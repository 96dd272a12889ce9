import Foundation
import VeilCrypto
import VeilProfile

/// The bytes a secret reference gives, in wiped, locked storage. An `env:NAME` secret can be read from the
/// environment once per process (reading takes it out, see ``SecretReference/resolve()``), so its bytes are kept
/// here for the process's later needs of it: a second opening of the key store in one command, a server that
/// reopens the store after `veil keys rotate`. Files and commands are read again each time.
enum SecretBytes {
    private static let taken = TakenSecrets()

    static func of(_ reference: SecretReference) throws -> SecureBytes {
        guard case .environment(let name) = reference else { return try read(reference) }
        return try taken.value(named: name) { try read(reference) }
    }

    private static func read(_ reference: SecretReference) throws -> SecureBytes {
        var bytes = try reference.resolve()
        defer { for index in bytes.indices { bytes[index] = 0 } }
        return SecureBytes(bytes)
    }

    /// Environment secrets already taken, by variable name.
    private final class TakenSecrets: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String: SecureBytes] = [:]

        func value(named name: String, reading: () throws -> SecureBytes) throws -> SecureBytes {
            try lock.withLock {
                if let value = values[name] { return value }
                let value = try reading()
                values[name] = value
                return value
            }
        }
    }
}

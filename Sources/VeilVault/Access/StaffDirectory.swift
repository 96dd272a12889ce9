import Foundation
import VeilCore
import VeilCrypto

/// Staff enrolment and login checks over an ``AccountStorage``.
///
/// Enrolment makes a random API key (shown once; only its hash is kept) and a TOTP secret (kept encrypted with
/// AES-256-GCM under `HKDF(access key, "veil-access/v1|totp")`, the account name as associated data). A login
/// passes only with an enabled account, its API key and a TOTP code of the current step ±1 that is newer than
/// every code accepted before (recorded atomically in the storage, so no code is accepted twice, even by two
/// servers). Every refusal carries one generic message for the client and a precise reason for the audit log.
public final class StaffDirectory: @unchecked Sendable {
    /// What `veil users add` prints once.
    public struct Enrolment: Sendable {
        public let account: StaffAccount
        public let apiKey: APIKey
        public let totpURI: String
    }

    /// A refused login: `reason` is for the audit log, never for the client.
    public struct LoginRefused: Error, Sendable, Equatable {
        public let reason: String
    }

    let storage: AccountStorage
    private let secretKey: SecureBytes
    let lock = NSLock()

    public init(storage: AccountStorage, keys: KeyStore) throws {
        guard let access = keys.key(for: .access) else {
            throw VeilError(
                .keyStore, "the key store has no access key (it predates staff accounts): run `veil keys rotate` once")
        }
        self.storage = storage
        secretKey = try HKDF.deriveKey(
            inputKeyMaterial: access.material, salt: [], info: Array("veil-access/v1|totp".utf8), outputByteCount: 32)
    }

    /// Account names: 1 to 64 of `a-z 0-9 . _ -`, starting with a letter or digit.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 64 else { return false }
        let allowed = { (scalar: Unicode.Scalar) in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || ".-_".unicodeScalars.contains(scalar)
        }
        return allowed(first) && first != "." && first != "-" && first != "_" && name.unicodeScalars.allSatisfy(allowed)
    }

    /// Creates an account; refuses a taken or invalid name.
    public func enrol(name: String, role: String, now: Date = Date()) throws -> Enrolment {
        guard Self.isValidName(name) else {
            throw VeilError(.usage, "a staff name is 1 to 64 characters of a-z, 0-9, '.', '_' and '-'")
        }
        guard Self.isValidName(role) else { throw VeilError(.usage, "a role name is 1 to 64 characters of a-z, 0-9, '.', '_' and '-'") }
        let apiKey = APIKey.generate()
        let secret = TOTP.generateSecret()
        let totp = try TOTP(secret: secret)
        let sealed = try secret.withUnsafeBytes { bytes in
            try AESGCM.seal(Array(bytes), using: secretKey, authenticating: Self.associatedData(name))
        }
        let account = StaffAccount(
            name: name, role: role, apiKeyHash: apiKey.storedForm, totpCiphertext: sealed.combined,
            created: ISO8601DateFormatter().string(from: now))
        guard try lock.withLock({ try storage.addAccount(account) }) else {
            throw VeilError(.usage, "a staff account named \(name) already exists")
        }
        return Enrolment(account: account, apiKey: apiKey, totpURI: totp.otpauthURI(accountName: name))
    }

    public func accounts() throws -> [StaffAccount] {
        try lock.withLock { try storage.accounts() }
    }

    /// Disables an account: it can no longer log in.
    public func disable(name: String) throws {
        guard try lock.withLock({ try storage.disableAccount(named: name) }) else {
            throw VeilError(.usage, "there is no staff account named \(name)")
        }
    }

    /// Checks a login; returns the account, or throws ``LoginRefused``.
    public func authenticate(name: String, apiKey: String, code: String, at date: Date = Date()) throws -> StaffAccount {
        try lock.withLock {
            guard let account = try storage.account(named: name) else { throw LoginRefused(reason: "unknown account") }
            guard !account.isDisabled else { throw LoginRefused(reason: "account disabled") }
            guard APIKey.verify(apiKey, storedForm: account.apiKeyHash) else { throw LoginRefused(reason: "wrong API key") }
            let totp = try TOTP(secret: try secret(of: account))
            guard let step = totp.verify(code, at: date, lastAcceptedStep: account.lastAcceptedStep) else {
                throw LoginRefused(reason: "wrong or reused TOTP code")
            }
            guard try storage.acceptStep(step, forAccount: name) else {
                throw LoginRefused(reason: "reused TOTP code")
            }
            return account
        }
    }

    /// Adds `count` tokens to the account's use today; false when that would pass `limit`.
    public func spend(_ count: Int, by name: String, limit: Int, at date: Date = Date()) throws -> Bool {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let day = formatter.string(from: date)
        return try lock.withLock { try storage.addUsage(count, forAccount: name, day: day, limit: limit) }
    }

    private func secret(of account: StaffAccount) throws -> SecureBytes {
        do {
            let box = try AESGCM.SealedBox(combined: account.totpCiphertext)
            var plain = try AESGCM.open(box, using: secretKey, authenticating: Self.associatedData(account.name))
            defer { for index in plain.indices { plain[index] = 0 } }
            return SecureBytes(plain)
        } catch {
            throw LoginRefused(reason: "stored TOTP secret does not decrypt")
        }
    }

    private static func associatedData(_ name: String) -> [UInt8] {
        Array("veil-access/v1|totp|\(name)".utf8)
    }
}

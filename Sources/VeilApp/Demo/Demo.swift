import Foundation
import VeilCore
import VeilCrypto
import VeilPipeline
import VeilVault

/// `veil demo`: masks the bundled shop dump with Profiles/shop.yaml. The only command that creates
/// a key store implicitly: a demo store under `.veil/demo/` with a random passphrase beside it.
public struct Demo {
    public static let profilePath = "Profiles/shop.yaml"
    public static let directory = ".veil/demo"

    public let target: String?
    public let progress: ProgressReporter

    public init(target: String? = nil, progress: ProgressReporter) {
        self.target = target
        self.progress = progress
    }

    public func execute() throws -> RunReport {
        guard FileManager.default.fileExists(atPath: Self.profilePath) else {
            throw VeilError(.usage, "run the demo from the Veil checkout: \(Self.profilePath) was not found")
        }
        let keys = try Self.demoKeyStore()
        return try MaskingRun(
            request: .init(profilePath: Self.profilePath, target: target), progress: progress, keyStore: keys
        ).execute()
    }

    /// Opens the demo key store, creating it (and its random passphrase file, 0600) on first use.
    static func demoKeyStore() throws -> KeyStore {
        let storePath = directory + "/keys"
        let passphrasePath = directory + "/passphrase"
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if !FileManager.default.fileExists(atPath: passphrasePath) {
            let passphrase = SecureRandom.bytes(count: 24).map { String(format: "%02x", $0) }.joined()
            guard
                FileManager.default.createFile(
                    atPath: passphrasePath, contents: Data(passphrase.utf8), attributes: [.posixPermissions: 0o600])
            else { throw VeilError(.target, "cannot create \(passphrasePath)") }
            if FileManager.default.fileExists(atPath: storePath) {
                try FileManager.default.removeItem(atPath: storePath)
            }
        }
        let passphrase = SecureBytes(Array(try Data(contentsOf: URL(fileURLWithPath: passphrasePath))))
        if !FileManager.default.fileExists(atPath: storePath) {
            return try KeyStore.create(at: storePath, passphrase: passphrase)
        }
        return try KeyStore.open(at: storePath, passphrase: passphrase)
    }
}

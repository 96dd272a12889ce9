import Foundation
import VeilCore
import VeilCrypto
import VeilPipeline
import VeilVault

/// Signs run manifests with the key store's `manifest` key (an Ed25519 seed), recording the matching public key
/// in the manifest itself so that anyone can check it without the key store's secret.
struct ManifestSigner {
    private let key: Ed25519PrivateKey
    /// The signer block every manifest signed here carries.
    let signer: RunManifest.Signer

    /// The signer of the store's `manifest` key, or nil when the store predates manifests (it gets the key at its
    /// next `veil keys rotate` or `veil keys rewrap`).
    init?(keys: KeyStore) throws {
        guard let manifestKey = keys.key(for: .manifest) else { return nil }
        do {
            key = try Ed25519PrivateKey(seed: manifestKey.material)
        } catch {
            throw VeilError(.keyStore, "the key store's manifest key \(manifestKey.id) is not a usable Ed25519 key")
        }
        signer = RunManifest.Signer(algorithm: "ed25519", publicKey: key.publicKey.hexString, keyID: manifestKey.id)
    }

    /// A signer with `key`, recorded under `keyID`.
    init(key: Ed25519PrivateKey, keyID: String) {
        self.key = key
        signer = RunManifest.Signer(algorithm: "ed25519", publicKey: key.publicKey.hexString, keyID: keyID)
    }

    /// The public key of the store's `manifest` key (for pinning the signer when verifying).
    static func publicKey(of keys: KeyStore) throws -> Ed25519PublicKey {
        guard let signer = try ManifestSigner(keys: keys) else {
            throw VeilError(
                .keyStore,
                "the key store \(keys.path) has no manifest key (it predates run manifests): run `veil keys rotate` "
                    + "or `veil keys rewrap` once")
        }
        return signer.key.publicKey
    }

    /// The complete file for `manifest`, its `signer` set to this key: see ``SignedManifestFile``.
    func signedFile(for manifest: RunManifest) throws -> [UInt8] {
        var manifest = manifest
        manifest.signer = signer
        let payload = try manifest.canonicalJSON()
        do {
            return SignedManifestFile.compose(payload: payload, signature: try key.signature(for: payload))
        } catch {
            throw VeilError(.internal, "the run manifest could not be signed")
        }
    }
}

/// Checks a manifest file's bytes: its form, its Ed25519 signature under the public key it names, and, when
/// given, that this key is the one expected.
enum ManifestSignatureCheck {
    struct Verified {
        let manifest: RunManifest
        let signer: Ed25519PublicKey
    }

    static func verify(_ file: [UInt8], expectedSigner: Ed25519PublicKey?) -> Result<Verified, ManifestProblem> {
        let parts: (payload: [UInt8], signature: [UInt8])
        switch SignedManifestFile.split(file) {
        case .success(let split): parts = split
        case .failure(let problem): return .failure(problem)
        }
        // The signer's key is read from the (not yet trusted) payload; the signature check below covers it.
        struct SignerOnly: Decodable { let signer: RunManifest.Signer }
        guard let claimed = try? JSONDecoder().decode(SignerOnly.self, from: Data(parts.payload)).signer,
            claimed.algorithm == "ed25519", let signer = Ed25519PublicKey(hexString: claimed.publicKey),
            claimed.publicKey == signer.hexString
        else {
            return .failure(ManifestProblem("the manifest does not name an Ed25519 signer key"))
        }
        guard signer.isValidSignature(parts.signature, for: parts.payload) else {
            return .failure(ManifestProblem("the signature does not match the manifest: it was changed after signing"))
        }
        if let expectedSigner, expectedSigner != signer {
            return .failure(
                ManifestProblem(
                    "the manifest is signed by key \(signer.fingerprint), not by the expected key "
                        + "\(expectedSigner.fingerprint)"))
        }
        guard let manifest = try? JSONDecoder().decode(RunManifest.self, from: Data(parts.payload)),
            manifest.format == RunManifest.formatName
        else {
            return .failure(ManifestProblem("the signed payload is not a Veil run manifest"))
        }
        guard manifest.formatVersion == RunManifest.currentFormatVersion else {
            return .failure(
                ManifestProblem("the manifest's format version \(manifest.formatVersion) is not one this Veil reads"))
        }
        return .success(Verified(manifest: manifest, signer: signer))
    }
}

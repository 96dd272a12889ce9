import Foundation
import VeilCore
import VeilCrypto
import VeilPipeline

/// `veil manifest verify FILE`: checks a run manifest's signature over its exact bytes, optionally that the
/// expected key signed it, and that the output files it lists (where they are found) still have their digests.
///
/// Checking the signature needs no secret: the manifest names its signer's public key. That proves the file is
/// unchanged since a holder of that key signed it; to refuse a manifest forged and re-signed with another key,
/// pin the signer with the expected public key, or with the profile (whose key store gives it, with the
/// passphrase).
public struct ManifestVerification {
    /// Which signer to require.
    public enum ExpectedSigner: Sendable {
        /// Any key: the signer is reported, not checked.
        case any
        /// The Ed25519 public key written as 64 hexadecimal digits.
        case publicKey(String)
        /// The `manifest` key of this profile's key store.
        case profile(String)
    }

    /// The outcome: the manifest and its signer when valid, else the first problem found.
    public struct Outcome: Sendable {
        public var manifest: RunManifest?
        /// The public key that signed the manifest (nil when the file is too damaged to tell).
        public var signer: Ed25519PublicKey?
        /// Whether an expected signer was given (and matched, when `problem` is nil).
        public var signerPinned: Bool
        /// Output files found beside the manifest whose size and SHA-256 match.
        public var outputsMatching: [String]
        /// Output files listed in the manifest but not found (not checked).
        public var outputsMissing: [String]
        /// Why the manifest fails verification; nil when it passes.
        public var problem: String?
    }

    public let path: String
    public let expectedSigner: ExpectedSigner

    public init(path: String, expectedSigner: ExpectedSigner = .any) {
        self.path = path
        self.expectedSigner = expectedSigner
    }

    public func execute() throws -> Outcome {
        let pinned = try expectedKey()
        let file = try read()
        var outcome = Outcome(
            manifest: nil, signer: nil, signerPinned: pinned != nil, outputsMatching: [], outputsMissing: [],
            problem: nil)
        let verified: ManifestSignatureCheck.Verified
        switch ManifestSignatureCheck.verify(file, expectedSigner: pinned) {
        case .success(let result): verified = result
        case .failure(let problem):
            outcome.problem = problem.description
            return outcome
        }
        outcome.manifest = verified.manifest
        outcome.signer = verified.signer
        let base = (path as NSString).deletingLastPathComponent
        for output in verified.manifest.outputs {
            let location = OutputDigests.resolve(output.path, against: base)
            guard FileManager.default.fileExists(atPath: location) else {
                outcome.outputsMissing.append(output.path)
                continue
            }
            let digest = try OutputDigests.sha256(ofFileAt: location)
            guard digest.sha256 == output.sha256, digest.bytes == output.bytes else {
                outcome.problem = "the output \(output.path) differs from the one the manifest records"
                return outcome
            }
            outcome.outputsMatching.append(output.path)
        }
        return outcome
    }

    private func expectedKey() throws -> Ed25519PublicKey? {
        switch expectedSigner {
        case .any: return nil
        case .publicKey(let text):
            guard let key = Ed25519PublicKey(hexString: text.trimmingCharacters(in: .whitespaces)) else {
                throw VeilError(.usage, "--public-key takes an Ed25519 public key as 64 hexadecimal digits")
            }
            return key
        case .profile(let profilePath):
            return try ManifestSigner.publicKey(of: KeyAccess.open(ProfileLoading.load(profilePath)))
        }
    }

    private func read() throws -> [UInt8] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.intValue
        else {
            throw VeilError(.source, "cannot read the manifest \(path)")
        }
        guard size <= SignedManifestFile.maximumByteCount else {
            throw VeilError(.verificationFailed, "\(path) is too large to be a Veil run manifest")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VeilError(.source, "cannot read the manifest \(path)")
        }
        return Array(data)
    }
}

import ArgumentParser
import VeilApp
import VeilCore
import VeilPipeline

struct ManifestVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a run manifest's signature, its signer, and the outputs it lists.",
        discussion: """
            The signature is checked with the public key the manifest names; no passphrase is needed. That proves \
            the file is unchanged since that key signed it. To also refuse a manifest re-signed with another key, \
            pin the signer with --public-key (64 hex digits, as printed here) or --profile (the profile's key \
            store, which needs its passphrase). Output files listed in the manifest that are found beside it must \
            still have the recorded size and SHA-256. Exit 0 when valid, 2 on any mismatch.
            """)

    @Argument(help: "The manifest file (<output>.manifest.json).")
    var file: String

    @Option(name: .customLong("public-key"), help: "Require this signer: an Ed25519 public key, 64 hex digits.")
    var publicKey: String?

    @Option(help: "Require the signer to be this profile's key store (needs the key store's passphrase).")
    var profile: String?

    func validate() throws {
        if publicKey != nil && profile != nil {
            throw ValidationError("give --public-key or --profile, not both")
        }
    }

    func run() throws {
        let expected: ManifestVerification.ExpectedSigner =
            if let publicKey { .publicKey(publicKey) } else if let profile { .profile(profile) } else { .any }
        let outcome = try reportingErrors { try ManifestVerification(path: file, expectedSigner: expected).execute() }
        if let signer = outcome.signer {
            say("signer: ed25519 \(signer.hexString) (fingerprint \(signer.fingerprint))")
        }
        if let problem = outcome.problem {
            try reportingErrors { throw VeilError(.verificationFailed, "the manifest fails verification: \(problem)") }
        }
        guard let manifest = outcome.manifest else { return }
        say("manifest signature valid" + (outcome.signerPinned ? ", signed by the expected key" : ""))
        if !outcome.signerPinned {
            say("signer not pinned: pass --public-key or --profile to require this key")
        }
        say("veil \(manifest.veilVersion), created \(manifest.createdAt), profile sha256 \(manifest.profile.sha256)")
        say("\(manifest.source) -> \(manifest.target): \(manifest.rows) rows in \(manifest.tables.count) tables")
        let coverage = manifest.coverage
        say(
            "columns: \(coverage.columns) (masked \(coverage.masked), kept \(coverage.kept), unreviewed nulled "
                + "\(coverage.unreviewedNulled), schema only \(coverage.schemaOnly))")
        say("leak check: \(manifest.leakCheck.status)" + (manifest.leakCheck.leaks.map { " (\($0))" } ?? ""))
        for output in outcome.outputsMatching { say("output \(output): sha256 matches") }
        for output in outcome.outputsMissing { say("output \(output): not found beside the manifest, not checked") }
    }
}

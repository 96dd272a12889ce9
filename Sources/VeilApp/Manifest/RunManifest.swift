import Foundation
import VeilCore
import VeilPipeline

/// What a run produced, for someone who later holds only the output: which profile (its SHA-256), which Veil,
/// which keys (ids and versions, never key bytes), how many rows per table, how the columns were covered, what
/// the leak check found, and the SHA-256 of every output file.
///
/// A manifest holds names, counts and digests only: never a data value, a key or a password (endpoints are
/// described as reports describe them, passwords redacted). It is the signed payload of a manifest file; see
/// ``SignedManifestFile`` for the file format and ``ManifestSigner`` for the signature.
public struct RunManifest: Codable, Sendable, Equatable {
    /// The `format` of every Veil manifest.
    public static let formatName = "veil-manifest"
    /// The payload layout this version writes and reads.
    public static let currentFormatVersion = 1

    /// The profile file the run read, by path and by the SHA-256 of its exact bytes.
    public struct ProfileReference: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
    }

    /// A key of the key store, named by its id and version (never its bytes).
    public struct KeyReference: Codable, Sendable, Equatable {
        /// `data` (the key the masking used) or `manifest` (the key that signed this manifest).
        public var purpose: String
        public var id: String
        public var version: Int
    }

    /// Who signed: the public key that checks the signature, and the key store's id for the signing key.
    public struct Signer: Codable, Sendable, Equatable {
        /// Always `ed25519`.
        public var algorithm: String
        /// The 32-byte Ed25519 public key, lowercase hexadecimal.
        public var publicKey: String
        /// The key store's id of the `manifest` key.
        public var keyID: String

        enum CodingKeys: String, CodingKey {
            case algorithm
            case publicKey = "public_key"
            case keyID = "key_id"
        }
    }

    /// One copied table, as the run report gives it.
    public struct Table: Codable, Sendable, Equatable {
        public var table: String
        /// `keep`, `mask` or `schema-only`.
        public var action: String
        public var rows: Int
        public var maskedColumns: Int

        enum CodingKeys: String, CodingKey {
            case table, action, rows
            case maskedColumns = "masked_columns"
        }
    }

    /// How the profile covered the source's columns.
    public struct Coverage: Codable, Sendable, Equatable {
        /// Every column of every table of the source.
        public var columns: Int
        /// Columns given a rule other than `keep` in the profile.
        public var masked: Int
        /// Columns kept as they are: named `keep`, or in a table that is `keep` (generated columns included).
        public var kept: Int
        /// Columns the profile does not name, emptied because of `on_unreviewed_column: null`.
        public var unreviewedNulled: Int
        /// Columns of tables copied without rows (`rows: none`).
        public var schemaOnly: Int
        /// Each rule applied, with the number of columns it applies to.
        public var rules: [String: Int]

        enum CodingKeys: String, CodingKey {
            case columns, masked, kept, rules
            case unreviewedNulled = "unreviewed_nulled"
            case schemaOnly = "schema_only"
        }
    }

    /// The leak verification of the output.
    public struct LeakCheck: Codable, Sendable, Equatable {
        /// `not checked`, `clean` or `leaks found`.
        public var status: String
        /// The number of leaks found; absent when not checked.
        public var leaks: Int?

        /// From a run report's `leaksFound` (nil: not checked, never clean).
        public init(leaksFound: Int?) {
            switch leaksFound {
            case nil: status = "not checked"
            case 0?: status = "clean"
            case _?: status = "leaks found"
            }
            leaks = leaksFound
        }
    }

    /// One output file, named relative to the manifest's folder.
    public struct OutputFile: Codable, Sendable, Equatable {
        /// The file's path relative to the folder that holds the manifest (`masked.sql`, `people/orders.csv`).
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public var format: String = RunManifest.formatName
    public var formatVersion: Int = RunManifest.currentFormatVersion
    public var veilVersion: String
    /// When the manifest was made, ISO 8601 in UTC.
    public var createdAt: String
    public var source: String
    public var target: String
    public var profile: ProfileReference
    public var keys: [KeyReference]
    public var signer: Signer
    public var tables: [Table]
    public var rows: Int
    public var coverage: Coverage
    public var leakCheck: LeakCheck
    /// The output files with their digests; empty for a database target.
    public var outputs: [OutputFile]

    enum CodingKeys: String, CodingKey {
        case format, source, target, profile, keys, signer, tables, rows, coverage, outputs
        case formatVersion = "format_version"
        case veilVersion = "veil_version"
        case createdAt = "created_at"
        case leakCheck = "leak_check"
    }

    /// The payload's bytes as signed: JSON on one line, keys sorted, slashes not escaped.
    func canonicalJSON() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self))
        } catch {
            throw VeilError(.internal, "the run manifest could not be encoded")
        }
    }
}

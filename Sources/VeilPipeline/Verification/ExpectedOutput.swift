import Foundation
import VeilCore
import VeilMasking
import VeilProfile
import VeilVault

/// What `veil verify` recomputes each paired row's expected output with: the transformers a run builds (each
/// column's ``ColumnPlan/makeTransformer(keys:tokens:)`` under the profile's key store, at its current key version
/// or the one asked for), bound to a source table's data by the run's own ``TableMasker``. Masking is deterministic
/// (same value, rule, domain and key version, same output), so a source row masked again is the row a run wrote.
///
/// Without keys (no passphrase, a wrong one, no store) nothing is recomputed and ``skipped`` says why: the leak scan
/// and the own-row test need no key. A `tokenize` column needs the token vault, opened for lookups only (verify
/// never issues a token, see ``VaultLookupIssuer``); without it such columns are not recomputed (``skippedColumns``).
package struct ExpectedOutput {
    /// Each masked table's transformers by column; nil when nothing is recomputed.
    let transformers: [TableName: [String: any Transformer]]?
    /// Why nothing is recomputed.
    package let skipped: String?
    /// Masked columns not recomputed, and why (a `tokenize` column without its vault).
    package let skippedColumns: [ColumnName: String]
    /// The key version the expected outputs are computed under.
    package let keyVersion: Int?

    /// Opens the profile's key store (and vault, when a column tokenizes) and builds every column's transformer.
    /// - Parameter requested: the key version the output was masked under (default: the store's current one).
    /// - Throws: only for a requested key version the store does not hold; an unopenable store is ``skipped``.
    package static func open(profile: Profile, plan: MaskingPlan, keyVersion requested: Int?) throws -> ExpectedOutput {
        let keys: KeyStore
        do {
            keys = try KeyAccess.open(profile)
        } catch let error as VeilError {
            return ExpectedOutput(skipped: "the key store cannot be opened: \(error.message)")
        } catch {
            return ExpectedOutput(skipped: "the key store cannot be opened")
        }
        let dataKey = try requested.map { try keys.decryptionKey(version: $0) } ?? keys.current
        let ring = MaskingKeyRing(dataKey: dataKey.material, keyVersion: dataKey.version)
        let vault = Self.lookupVault(profile: profile, plan: plan, keys: keys)
        var transformers: [TableName: [String: any Transformer]] = [:]
        var skippedColumns: [ColumnName: String] = [:]
        for (table, action) in plan.actions {
            guard case .mask(let columns) = action else { continue }
            var built: [String: any Transformer] = [:]
            for column in columns {
                let name = ColumnName(table: table, column: column.column.name)
                if column.tokenizes, case .failure(let reason) = vault {
                    skippedColumns[name] = reason.description
                    continue
                }
                do {
                    built[column.column.name] = try column.makeTransformer(keys: ring, tokens: try? vault.get())
                } catch {
                    skippedColumns[name] = "rule `\(column.definition.name)`: \(error.message)"
                }
            }
            transformers[table] = built
        }
        return ExpectedOutput(
            transformers: transformers, skipped: nil, skippedColumns: skippedColumns, keyVersion: dataKey.version)
    }

    private init(
        transformers: [TableName: [String: any Transformer]]?, skipped: String?, skippedColumns: [ColumnName: String],
        keyVersion: Int?
    ) {
        self.transformers = transformers
        self.skipped = skipped
        self.skippedColumns = skippedColumns
        self.keyVersion = keyVersion
    }

    private init(skipped: String) {
        self.init(transformers: nil, skipped: skipped, skippedColumns: [:], keyVersion: nil)
    }

    /// The masker of a source table's data: nil when nothing is recomputed or the table has no rows to copy.
    package func masker(for data: TableData, action: TableAction) throws -> TableMasker? {
        guard let transformers else { return nil }
        if case .schemaOnly = action { return nil }
        return try TableMasker(data: data, action: action, transformers: transformers[data.table] ?? [:])
    }

    /// The columns of `data` whose expected output a masker computes: every kept column, and every masked one that
    /// has its transformer. Nil when nothing is recomputed.
    package func recomputed(_ data: TableData, action: TableAction) -> Set<String>? {
        guard let transformers else { return nil }
        guard case .mask(let columns) = action else { return Set(data.columns) }
        let built = transformers[data.table] ?? [:]
        let masked = Set(columns.map(\.column.name))
        return Set(data.columns.filter { !masked.contains($0) || built[$0] != nil })
    }

    /// The vault's lookup issuer when some column tokenizes, or why there is none. A SQLite vault file that does not
    /// exist is not created.
    private static func lookupVault(profile: Profile, plan: MaskingPlan, keys: KeyStore)
        -> Result<VaultLookupIssuer, VaultUnavailable>
    {
        let tokenizes = plan.actions.values.contains { action in
            guard case .mask(let columns) = action else { return false }
            return columns.contains(where: \.tokenizes)
        }
        guard tokenizes else { return .failure(VaultUnavailable("no column tokenizes")) }
        guard let location = profile.vault else {
            return .failure(VaultUnavailable("tokenize: the profile names no vault"))
        }
        if !VaultStorageFactory.isPostgreSQL(location), !FileManager.default.fileExists(atPath: location) {
            return .failure(VaultUnavailable("tokenize: the vault \(location) does not exist"))
        }
        do {
            return .success(VaultLookupIssuer(vault: try VaultAccess.open(profile, keys: keys)))
        } catch let error as VeilError {
            return .failure(VaultUnavailable("tokenize: the vault cannot be opened: \(error.message)"))
        } catch {
            return .failure(VaultUnavailable("tokenize: the vault cannot be opened"))
        }
    }
}

/// Why `tokenize` columns are not recomputed.
struct VaultUnavailable: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ColumnPlan {
    /// Whether the column's rule, or a rule nested in it (`json` paths, `scrub` kinds), is `tokenize`.
    var tokenizes: Bool {
        definition.name == TokenizeRule.definition.name || nested.values.contains(where: \.tokenizes)
    }
}

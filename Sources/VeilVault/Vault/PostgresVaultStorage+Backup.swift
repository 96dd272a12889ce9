import Foundation
import PostgresDriver
import VeilCore
import VeilFiles

extension PostgresVaultStorage {
    /// Rows fetched from the backup cursor at a time.
    static let backupBatchSize = 5_000

    /// Copies every entry and the key-store binding, read in one `REPEATABLE READ READ ONLY` transaction (one
    /// consistent snapshot), into a new SQLite vault in a temporary file beside `path`, then published like every output
    /// (``AtomicFileWriter/publish(produced:at:beforePublish:)``: 0600, synced, renamed after `beforePublish`). The
    /// temporary file is removed on failure.
    public func backup(to path: String, beforePublish: () throws -> Void) throws {
        guard connection.transactionStatus == .idle else {
            throw VaultError(.storage, "cannot back up the PostgreSQL vault \(label) inside a transaction")
        }
        let temporary = AtomicFileWriter.temporaryPath(for: path)
        do {
            try copyEntries(into: temporary)
        } catch {
            Self.removeSQLiteFiles(temporary)
            TemporaryOutputs.unregister(temporary)
            if let error = error as? PostgresError {
                throw VaultError(.storage, "cannot back up the PostgreSQL vault \(label) to \(path): \(error)")
            }
            throw error
        }
        try VaultBackupFile.publish(
            temporary, at: path, cleanup: { Self.removeSQLiteFiles(temporary) }, beforePublish: beforePublish)
    }

    /// Fills a new SQLite vault at `file`; it is closed (its WAL checkpointed away) when this returns.
    private func copyEntries(into file: String) throws {
        let copy = try SQLiteVaultStorage(path: file)
        try connection.transaction(isolation: .repeatableRead, readOnly: true) {
            try copy.inTransaction {
                if let binding = try binding() { try copy.setBinding(binding) }
                try storageStep {
                    try connection.execute(
                        "DECLARE veil_backup NO SCROLL CURSOR FOR SELECT domain, token, encode(fingerprint, 'hex'), "
                            + "key_version, encode(ciphertext, 'hex') FROM \(tokensTable)")
                }
                while true {
                    let batch = try storageStep {
                        try connection.execute("FETCH FORWARD \(Self.backupBatchSize) FROM veil_backup")
                    }
                    if batch.rowCount == 0 { break }
                    for row in 0..<batch.rowCount {
                        guard try copy.insert(try backupEntry(batch, row: row)) == .inserted else {
                            throw VaultError(.storage, "the PostgreSQL vault \(label) holds a duplicate entry")
                        }
                    }
                }
            }
        }
    }

    private func backupEntry(_ result: PostgresResult, row: Int) throws -> VaultEntry {
        guard let domain = result.value(row: row, column: 0), let token = result.value(row: row, column: 1),
            let fingerprint = result.value(row: row, column: 2).flatMap(ByteaHex.decode),
            let keyVersion = result.value(row: row, column: 3).flatMap({ Int($0) }),
            let ciphertext = result.value(row: row, column: 4).flatMap(ByteaHex.decode)
        else {
            throw VaultError(.storage, "the PostgreSQL vault \(label) returned an unreadable entry")
        }
        return VaultEntry(
            domain: domain, token: token, fingerprint: fingerprint, keyVersion: keyVersion, ciphertext: ciphertext)
    }

    /// Removes a SQLite file and its journal files, ignoring any that do not exist.
    private static func removeSQLiteFiles(_ file: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: file + suffix)
        }
    }
}

import Foundation
import VeilCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A key store kept in step with its file, for a process that runs for long (`veil serve`): `veil keys rotate`,
/// `retire` and `rewrap` rewrite the file (a new file renamed into place), and the process sees the change at its next
/// ``current()`` — a retired version stops decrypting from the first request after the retirement completes, a new
/// version decrypts from the first request after the rotation.
///
/// Cheap per call: one `stat` of the file, compared with the one the accepted store was read from (device, inode,
/// size, modification and change times; a rename always gives a new inode, an edit in place a new change time). Only
/// when it differs is the file read again, its MAC checked and its keys unwrapped, with the key-encryption key
/// already held (no scrypt, no key command) when the file verifies under it; after a rewrap, with the secret `secret`
/// gives.
///
/// Fail closed: a changed file that is missing, does not verify, or goes back — an older generation, a current
/// version or minimum decryption version lower than one already accepted, a data key gone (an older copy put back, a
/// retirement undone) — is refused, and so is every call after it until the file changes again. (A retirement undone
/// on purpose, `veil keys retire` with a lower version, is a newer generation: a restart accepts it.)
public final class KeyStoreWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var store: KeyStore
    /// The file the accepted store was read from; nil until the first ``current()`` (which reads the file again, in
    /// case it changed between the caller's open and this watch).
    private var identity: FileIdentity?
    /// The file last refused, and why: it is not read again until it changes.
    private var refused: (identity: FileIdentity?, error: VeilError)?
    private let secret: @Sendable () throws -> KeySecret
    private let onChange: @Sendable (KeyStore) throws -> Void

    /// - Parameters:
    ///   - store: the store as opened.
    ///   - secret: the secret to open the file after a rewrap (read again from where the profile says).
    ///   - onChange: told every store read from the file before it is accepted (to hand it to a vault); if it
    ///     throws, the store is refused.
    public init(
        _ store: KeyStore, secret: @escaping @Sendable () throws -> KeySecret,
        onChange: @escaping @Sendable (KeyStore) throws -> Void = { _ in }
    ) {
        self.store = store
        self.secret = secret
        self.onChange = onChange
    }

    /// The store accepted last, without looking at the file.
    public var latest: KeyStore { lock.withLock { store } }

    /// The store as its file is now: the accepted one while the file is unchanged, else the file read again.
    /// - Throws: a `.keyStore` ``VeilError`` when the file changed and is missing, does not verify or goes back.
    public func current() throws -> KeyStore {
        try lock.withLock {
            let now = FileIdentity(path: store.path)
            if let refused {
                if refused.identity == now { throw refused.error }
            } else if let now, now == identity {
                return store
            }
            do {
                guard let now else {
                    throw VeilError(.keyStore, "key store \(store.path) is missing")
                }
                let next = try store.reopened(secret: secret)
                try Self.checkProgress(from: store, to: next)
                try onChange(next)
                store = next
                identity = now
                refused = nil
                return next
            } catch {
                let failure =
                    error as? VeilError
                    ?? VeilError(.keyStore, "key store \(store.path) changed and cannot be used: \(error)")
                refused = (now, failure)
                throw failure
            }
        }
    }

    /// Refuses a store that undoes what the accepted one has: an older generation, a lower current or minimum
    /// decryption version, or a data key missing or replaced.
    static func checkProgress(from accepted: KeyStore, to next: KeyStore) throws {
        let keys = Dictionary(next.dataKeys.map { ($0.version, $0.id) }, uniquingKeysWith: { first, _ in first })
        guard next.generation >= accepted.generation, next.currentVersion >= accepted.currentVersion,
            next.minimumDecryptionVersion >= accepted.minimumDecryptionVersion,
            accepted.dataKeys.allSatisfy({ keys[$0.version] == $0.id })
        else {
            throw VeilError(
                .keyStore,
                "key store \(next.path) went back: it undoes a rotation or retirement already in force (an older "
                    + "copy of the file?); refused until it changes again")
        }
    }
}

extension KeyStore {
    /// The store at ``path`` as the file is now, checked as ``open(at:secret:)`` checks it: with this store's KEK
    /// when the file verifies under it (its KEK block unchanged), else with the KEK `secret` gives for the file's block
    /// (after a rewrap; a key command's block does not change, so the MAC is what tells).
    func reopened(secret: () throws -> KeySecret) throws -> KeyStore {
        let (next, bytes) = try KeyStoreFile.read(path)
        if next.kek == file.kek, next.verify(bytes, kek: kek) {
            return try Self.unwrap(next, kek: kek, path: path)
        }
        let fresh = try secret().deriveKEK(for: next.kek, path: path)
        guard next.verify(bytes, kek: fresh) else {
            throw VeilError(
                .keyStore,
                "key store \(path) changed and does not open: damaged, or rewrapped under a secret the server "
                    + "cannot read")
        }
        return try Self.unwrap(next, kek: fresh, path: path)
    }
}

/// What identifies a file's contents cheaply: a file renamed into place has a new inode; one edited in place, a new
/// change time (which no one can set back).
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: [Int]
    var changed: [Int]

    /// The identity of the file at `path`; nil when it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
            modified = [Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec)]
            changed = [Int(info.st_ctimespec.tv_sec), Int(info.st_ctimespec.tv_nsec)]
        #else
            modified = [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
            changed = [Int(info.st_ctim.tv_sec), Int(info.st_ctim.tv_nsec)]
        #endif
    }
}

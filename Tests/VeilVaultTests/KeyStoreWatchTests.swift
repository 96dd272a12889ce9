import Foundation
import Testing
import VeilCore
import VeilCrypto
import VeilTestSupport

@testable import VeilVault

/// A key store followed while a process runs: rotations, retirements and rewraps are seen at the next call, a file
/// that does not verify or goes back is refused until it changes again, and a vault given the new store stops
/// decrypting a retired version at once.
@Suite("Key store watch")
struct KeyStoreWatchTests {
    static let secret = KeyStoreMaintenanceTests.commandKey

    /// The current versions of the stores a watch handed on, in order.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [Int] = []

        func add(_ store: KeyStore) { lock.withLock { seen.append(store.currentVersion) } }
        var versions: [Int] { lock.withLock { seen } }
    }

    final class Setup: @unchecked Sendable {
        let directory = TemporaryDirectory("veil-watch")
        let opened: KeyStore
        let watch: KeyStoreWatch
        let recorder = Recorder()
        var path: String { directory.file("keys") }

        init(secret: @escaping @Sendable () throws -> KeySecret = { KeyStoreWatchTests.secret }) throws {
            opened = try KeyStore.create(at: directory.file("keys"), secret: KeyStoreWatchTests.secret)
            let recorder = recorder
            watch = KeyStoreWatch(opened, secret: secret) { recorder.add($0) }
        }

        var handedOn: [Int] { recorder.versions }
    }

    @Test("rotate and retire are seen at the next call; an unchanged file is not read again")
    func rotateAndRetire() throws {
        let setup = try Setup()
        #expect(try setup.watch.current().currentVersion == 1)
        #expect(try setup.watch.current().currentVersion == 1)
        #expect(setup.handedOn == [1])

        let rotated = try setup.opened.rotated()
        #expect(try setup.watch.current().currentVersion == 2)
        #expect(setup.watch.latest.currentVersion == 2)
        _ = try rotated.retiring(below: 2)
        let retired = try setup.watch.current()
        #expect(retired.minimumDecryptionVersion == 2)
        #expect(throws: VeilError.self) { try retired.decryptionKey(version: 1) }
        #expect(setup.handedOn == [1, 2, 2])
        _ = try setup.watch.current()
        #expect(setup.handedOn.count == 3)
    }

    @Test("a damaged or missing file is refused, and every call after it, until the file changes again")
    func damaged() throws {
        let setup = try Setup()
        _ = try setup.watch.current()
        let good = try Data(contentsOf: URL(fileURLWithPath: setup.path))
        var bytes = [UInt8](good)
        let index = bytes.firstIndex(of: UInt8(ascii: "7")) ?? bytes.count / 2
        bytes[index] = bytes[index] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        try SecureFile.writeAtomically(bytes, to: setup.path)
        for _ in 0..<2 {
            let error = #expect(throws: VeilError.self) { try setup.watch.current() }
            #expect(error?.code == .keyStore)
        }
        #expect(setup.watch.latest.currentVersion == 1)

        try FileManager.default.removeItem(atPath: setup.path)
        #expect(throws: VeilError.self) { try setup.watch.current() }
        try SecureFile.writeAtomically([UInt8](good), to: setup.path)
        #expect(try setup.watch.current().currentVersion == 1)
    }

    @Test("an older copy of the file put back (a rotation or retirement undone) is refused")
    func wentBack() throws {
        let setup = try Setup()
        let before = try Data(contentsOf: URL(fileURLWithPath: setup.path))
        _ = try setup.opened.rotated().retiring(below: 2)
        #expect(try setup.watch.current().minimumDecryptionVersion == 2)
        try SecureFile.writeAtomically([UInt8](before), to: setup.path)
        let error = #expect(throws: VeilError.self) { try setup.watch.current() }
        #expect(error?.message.contains("went back") == true)
        #expect(setup.watch.latest.minimumDecryptionVersion == 2)
    }

    @Test("after a rewrap the file opens with the secret read again; with a wrong one it is refused")
    func rewrap() throws {
        let setup = try Setup(secret: { KeyStoreMaintenanceTests.otherKey })
        _ = try setup.opened.rewrapped(with: KeyStoreMaintenanceTests.otherKey)
        #expect(try setup.watch.current().currentVersion == 1)

        let stale = try Setup()
        _ = try stale.opened.rewrapped(with: KeyStoreMaintenanceTests.otherKey)
        #expect(throws: VeilError.self) { try stale.watch.current() }
    }

    @Test("a vault given the new store stops decrypting a retired version at once, cached keys included")
    func vaultAdopts() throws {
        let setup = try Setup()
        let vault = try TokenVault(
            storage: try SQLiteVaultStorage(path: setup.directory.file("vault.sqlite")), keys: setup.opened)
        let token = try vault.tokens(for: ["alice@example.org"], domain: "email")[0]
        #expect(try vault.original(of: token, domain: "email") == "alice@example.org")
        let retired = try setup.opened.rotated().retiring(below: 2)
        try vault.adopt(retired)
        #expect(throws: VeilError.self) { try vault.original(of: token, domain: "email") }

        let other = try KeyStore.create(at: setup.directory.file("other"), secret: Self.secret)
        #expect(throws: VaultError.self) { try vault.adopt(other) }
    }

    @Test("an unchanged store costs one stat per call (measured)")
    func cost() throws {
        let setup = try Setup()
        _ = try setup.watch.current()
        let calls = 20_000
        let started = DispatchTime.now()
        for _ in 0..<calls { _ = try setup.watch.current() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        print("key store watch: \(Int(seconds / Double(calls) * 1e9)) ns per unchanged call")
        #expect(seconds / Double(calls) < 0.000_5)
        #expect(setup.handedOn == [1])
    }
}

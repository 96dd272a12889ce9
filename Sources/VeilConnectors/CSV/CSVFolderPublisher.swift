import Foundation
import VeilCore
import VeilFiles

/// The temporary folder a ``CSVWriter`` fills, and its atomic publication under the target folder's name.
///
/// The temporary folder is a sibling of the target, `.<name>.veil-tmp-<pid>-<random>`, mode 0700. Publishing
/// renames it onto the target when the target does not exist (atomic). When it does exist, the old folder is
/// first renamed aside to `.<name>.veil-old-<pid>`, the new one renamed in, and the old one deleted: between
/// the two renames (microseconds) the target name does not exist, so a reader looking at that instant finds
/// no folder, never a half-written one. POSIX has no atomic exchange of two non-empty directories
/// (Linux's `renameat2(RENAME_EXCHANGE)` is not portable), hence the tiny window.
///
/// An existing target is replaced only if it looks like an earlier CSV output (it holds nothing but `.csv`
/// files), so that a mistyped target such as a home folder is refused rather than deleted. Leftovers of a
/// killed run (temporary or old folders of a process that no longer exists) are removed by the next writer
/// of the same target.
struct CSVFolderPublisher {
    /// The target folder, without a trailing slash.
    let target: String
    /// The temporary folder being filled.
    let temporary: String
    private let parent: String
    private let name: String

    /// Creates the temporary folder.
    /// - Throws: ``VeilError`` `.target` when the target exists and is not a replaceable folder, or the
    ///   temporary folder cannot be created.
    init(target path: String) throws {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let (directory, name) = AtomicFileWriter.split(trimmed)
        guard !name.isEmpty, name != ".", name != ".." else {
            throw VeilError(.target, "the CSV target \(path) must name a folder")
        }
        self.target = trimmed
        self.name = name
        self.parent = directory.isEmpty ? "." : directory
        let prefix = directory.isEmpty ? "" : (directory.hasSuffix("/") ? directory : directory + "/")
        try Self.checkReplaceable(trimmed)
        Self.removeLeftovers(parent: parent, prefix: prefix, name: name)
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        temporary = prefix + ".\(name).veil-tmp-\(Syscalls.processID)-\(suffix)"
        do {
            try FileManager.default.createDirectory(
                atPath: temporary, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            // The umask may have removed bits only; set the mode explicitly anyway.
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: temporary)
            TemporaryOutputs.register(temporary)
        } catch {
            throw VeilError(.target, "cannot create a temporary folder next to the CSV target \(path)")
        }
    }

    /// The path of a file inside the temporary folder.
    func temporaryFile(_ fileName: String) -> String { temporary + "/" + fileName }

    /// Refuses a target that exists and is a file, or a folder holding anything but `.csv` files.
    static func checkReplaceable(_ target: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw VeilError(.target, "the CSV target \(target) exists and is not a folder")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        for entry in entries {
            var entryIsDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: target + "/" + entry, isDirectory: &entryIsDirectory)
            if entryIsDirectory.boolValue || !entry.lowercased().hasSuffix(".csv") {
                throw VeilError(
                    .target,
                    "the CSV target folder \(target) holds more than .csv files; refusing to replace it")
            }
        }
    }

    /// Removes `.<name>.veil-tmp-<pid>-*` and `.<name>.veil-old-<pid>` folders of processes that are gone.
    private static func removeLeftovers(parent: String, prefix: String, name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for marker in [".\(name).veil-tmp-", ".\(name).veil-old-"] {
            for entry in entries where entry.hasPrefix(marker) {
                let rest = entry.dropFirst(marker.count)
                let digits = rest.prefix { $0 != "-" }
                guard let pid = Int32(digits), !Syscalls.processExists(pid) else { continue }
                try? FileManager.default.removeItem(atPath: prefix + entry)
            }
        }
    }

    /// Syncs the temporary folder and moves it under the target's name (see the type's notes).
    func publish() throws {
        syncDirectory(temporary)
        try Self.checkReplaceable(target)
        var exists: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &exists) {
            let old = (parent == "." ? "" : parent + "/") + ".\(name).veil-old-\(Syscalls.processID)"
            try? FileManager.default.removeItem(atPath: old)
            if case .failure(let error) = Syscalls.rename(target, old) {
                throw VeilError(.target, "cannot move the old CSV folder \(target) aside: \(error)")
            }
            if case .failure(let error) = Syscalls.rename(temporary, target) {
                _ = Syscalls.rename(old, target)
                throw VeilError(.target, "cannot move the new CSV folder into place at \(target): \(error)")
            }
            TemporaryOutputs.unregister(temporary)
            syncDirectory(parent)
            try? FileManager.default.removeItem(atPath: old)
        } else {
            if case .failure(let error) = Syscalls.rename(temporary, target) {
                throw VeilError(.target, "cannot move the new CSV folder into place at \(target): \(error)")
            }
            TemporaryOutputs.unregister(temporary)
            syncDirectory(parent)
        }
    }

    /// Deletes the temporary folder and everything in it.
    func discard() {
        try? FileManager.default.removeItem(atPath: temporary)
        TemporaryOutputs.unregister(temporary)
    }

    /// Makes renames in a folder durable. Best effort: some file systems refuse to sync a directory.
    private func syncDirectory(_ path: String) {
        guard case .success(let fd) = Syscalls.openDirectory(path) else { return }
        _ = Syscalls.sync(fd)
        Syscalls.close(fd)
    }
}

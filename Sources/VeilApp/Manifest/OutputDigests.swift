import Foundation
import VeilCore
import VeilCrypto
import VeilPipeline

/// SHA-256 and size of output files, read in 1 MiB chunks (memory stays bounded whatever the file size).
enum OutputDigests {
    /// The files of an output: the file itself, or every visible regular file of a folder (a CSV target), sorted
    /// by name, each named relative to `base` (the manifest's folder) when inside it, else as an absolute path.
    /// - Parameter recordedPath: the path the files are named under when they are read elsewhere (a run digests its
    ///   output before publishing it, under its temporary name).
    static func describe(
        output path: String, relativeTo base: String, recordedAs recordedPath: String? = nil
    ) throws -> [RunManifest.OutputFile] {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let recorded = recordedPath.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? trimmed
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: trimmed, isDirectory: &isDirectory) else {
            throw VeilError(.target, "the output \(trimmed) is missing, so its manifest cannot be written")
        }
        var files = [trimmed]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: trimmed)) ?? []
            files = names.filter { !$0.hasPrefix(".") }.sorted().map { trimmed + "/" + $0 }.filter { file in
                var nested: ObjCBool = false
                return FileManager.default.fileExists(atPath: file, isDirectory: &nested) && !nested.boolValue
            }
        }
        return try files.map { file in
            let digest = try sha256(ofFileAt: file)
            let name = recorded + file.dropFirst(trimmed.count)
            return RunManifest.OutputFile(
                path: relativePath(of: name, from: base), bytes: digest.bytes, sha256: digest.sha256)
        }
    }

    /// The SHA-256 (lowercase hex) and size of the file at `path`.
    static func sha256(ofFileAt path: String) throws -> (sha256: String, bytes: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw VeilError(.target, "cannot read \(path) to record its digest")
        }
        defer { try? handle.close() }
        var hasher = SHA256Hasher()
        var total = 0
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                total += chunk.count
                chunk.withUnsafeBytes { hasher.update($0) }
            }
        } catch {
            throw VeilError(.target, "cannot read \(path) to record its digest")
        }
        return (hasher.finalize().hexString, total)
    }

    /// `file` relative to the folder `base` when it lies inside it, else its absolute path.
    static func relativePath(of file: String, from base: String) -> String {
        let absoluteFile = URL(fileURLWithPath: file).standardizedFileURL.path
        let absoluteBase = URL(fileURLWithPath: base.isEmpty ? "." : base).standardizedFileURL.path
        let prefix = absoluteBase.hasSuffix("/") ? absoluteBase : absoluteBase + "/"
        return absoluteFile.hasPrefix(prefix) ? String(absoluteFile.dropFirst(prefix.count)) : absoluteFile
    }

    /// Where a path recorded by ``relativePath(of:from:)`` is, seen from the folder `base`.
    static func resolve(_ recorded: String, against base: String) -> String {
        recorded.hasPrefix("/")
            ? recorded
            : URL(fileURLWithPath: base.isEmpty ? "." : base)
                .appendingPathComponent(recorded).path
    }
}

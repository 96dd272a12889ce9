import Foundation
import VeilConnectors
import VeilCore
import VeilFiles

/// Where a profile's schema lock lives, and reading and writing it.
///
/// The lock sits beside the profile: the profile's file name with its extension replaced by `.lock`
/// (`Profiles/shop.yaml` → `Profiles/shop.lock`). It is written atomically (temporary file + rename) with mode
/// 0600, so a crash leaves the old lock or the new one, never half of one.
public enum SchemaLockFile {
    /// The lock path of the profile at `profilePath`.
    public static func path(forProfile profilePath: String) -> String {
        let url = URL(fileURLWithPath: profilePath)
        let name = url.lastPathComponent
        let stem = url.pathExtension.isEmpty ? name : String(name.dropLast(url.pathExtension.count + 1))
        let directory = (profilePath as NSString).deletingLastPathComponent
        return directory.isEmpty ? stem + ".lock" : (directory as NSString).appendingPathComponent(stem + ".lock")
    }

    /// Records `schema` as the reviewed schema of the profile at `profilePath`; returns the lock's path.
    /// - Parameter defaultSchema: the schema a bare table name means in the source (`Endpoint.defaultSchema`).
    @discardableResult
    public static func write(_ schema: DatabaseSchema, defaultSchema: String, besideProfile profilePath: String)
        throws -> String
    {
        let path = path(forProfile: profilePath)
        try write(SchemaLock(schema: schema, defaultSchema: defaultSchema), to: path)
        return path
    }

    /// Writes `lock` to `path` atomically with mode 0600.
    public static func write(_ lock: SchemaLock, to path: String) throws {
        let bytes = SchemaLockCoding.encode(lock)
        do {
            let file = try AtomicFileWriter(path: path)
            try bytes.withUnsafeBytes { try file.write($0) }
            try file.commit()
        } catch {
            throw VeilError(.target, "cannot write the schema lock \(path)")
        }
    }

    /// The lock beside the profile at `profilePath`, or nil when there is none.
    public static func read(besideProfile profilePath: String) throws -> SchemaLock? {
        try read(path(forProfile: profilePath))
    }

    /// The lock at `path`, or nil when no file is there.
    public static func read(_ path: String) throws -> SchemaLock? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VeilError(.usage, "cannot read the schema lock \(path)")
        }
        return try SchemaLockCoding.decode(Array(data), file: path)
    }
}

import Foundation

/// Finds PostgreSQL's client programs (`pg_dump`, `pg_restore`).
public enum PostgresClientTools {
    /// The first `name` on `PATH`, else the newest `/usr/lib/postgresql/<version>/bin/<name>` (Debian keeps
    /// the programs of every installed major version there); nil when there is none.
    public static func executable(named name: String) -> String? {
        let files = FileManager.default
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if files.isExecutableFile(atPath: candidate) { return candidate }
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? files.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { version in Double(version).map { (name: version, number: $0) } }
            .sorted { $0.number > $1.number }
        for version in versions {
            let candidate = "\(root)/\(version.name)/bin/\(name)"
            if files.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

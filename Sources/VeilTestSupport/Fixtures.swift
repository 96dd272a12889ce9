import Foundation

/// Locates the package's own files (Fixtures/, Profiles/) from any test, on any clone.
public enum PackagePaths {
    /// The package root: two levels above this source file.
    public static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A path under `Fixtures/`.
    public static func fixture(_ relative: String) -> String { root + "/Fixtures/" + relative }

    /// A path under `Profiles/`.
    public static func profile(_ relative: String) -> String { root + "/Profiles/" + relative }
}

/// A fresh directory under the system's temporary directory, removed when released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "veil-test") {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/\(label)-\(getpid())-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// The path of `name` in this directory (the file need not exist).
    public func file(_ name: String) -> String { path + "/" + name }

    /// The path of `name` in this directory (the file need not exist).
    public func path(_ name: String) -> String { file(name) }

    /// Writes `text` to a new file and returns its path.
    public func file(_ name: String, _ text: String) throws -> String {
        let target = file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// The names of the files in the directory, hidden ones included, sorted.
    public func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    /// Writes `text` to a file in this directory and returns its path.
    @discardableResult
    public func write(_ text: String, to name: String, permissions: Int = 0o600) -> String {
        let target = file(name)
        let created = FileManager.default.createFile(
            atPath: target, contents: Data(text.utf8), attributes: [.posixPermissions: permissions])
        precondition(created, "cannot create \(target)")
        return target
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

import Foundation

/// Files in the temporary directory for tests that need a real path (file secrets, `load(contentsOf:)`).
enum TemporaryFile {
    /// Writes `text` to a new file with the given permission bits and returns its path.
    static func write(_ text: String, mode: Int) throws -> String {
        let path = NSTemporaryDirectory() + "veil-profile-test-\(UUID().uuidString)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}

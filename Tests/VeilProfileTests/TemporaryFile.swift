import Foundation

/// Files in the temporary directory for tests that need a real path (file secrets, `load(contentsOf:)`).
enum TemporaryFile {
    /// Writes `text` to a new file with the given permission bits and returns its path.
    static func write(_ text: String, mode: Int) throws -> String {
        try write(Data(text.utf8), mode: mode)
    }

    /// Writes `bytes` as they are (not necessarily UTF-8) to a new file and returns its path.
    static func write(_ bytes: Data, mode: Int) throws -> String {
        let path = NSTemporaryDirectory() + "veil-profile-test-\(UUID().uuidString)"
        try bytes.write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}

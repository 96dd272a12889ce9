import Foundation
import VeilCore

/// Reads profiles.
public enum ProfileLoader {
    /// Loads and checks the profile at `path`.
    /// - Parameter path: The profile file; kept as ``Profile/file`` and as the file of every location.
    /// - Throws: ``VeilError`` (`.usage`) when the file cannot be read; ``ProfileError``, with every problem found,
    ///   when it is not a valid profile (a byte that is not UTF-8 is one, at its line and column).
    public static func load(contentsOf path: String) throws -> Profile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory" : "permission denied"
            throw VeilError(.usage, "cannot read profile \(path): \(reason)")
        }
        return try parse(try UTF8Text.decode(data, file: path), file: path)
    }

    /// Checks a profile's text.
    /// - Parameters:
    ///   - yaml: The profile.
    ///   - file: The name used in locations (normally the path it came from).
    /// - Throws: ``ProfileError`` listing every problem, sorted by line.
    public static func parse(_ yaml: String, file: String) throws(ProfileError) -> Profile {
        let document = YAMLComposer.compose(yaml, file: file)
        var decoder = ProfileDecoder(file: file, duplicates: document.duplicates, columnMap: document.columnMap)
        let profile = document.root == nil && !document.problems.isEmpty ? nil : decoder.decodeProfile(document.root)
        let problems = document.problems + decoder.problems
        guard problems.isEmpty, let profile else {
            let fallback = ProfileProblem(
                location: SourceLocation(file: file, line: 1, column: 1), message: "the profile is not valid")
            throw ProfileError(problems: problems.isEmpty ? [fallback] : problems)
        }
        return profile
    }
}

import VeilCore
import VeilProfile

/// Loads a profile, turning every problem it has into one usage error (exit 64) with file:line.
public enum ProfileLoading {
    public static func load(_ path: String) throws -> Profile {
        do {
            return try ProfileLoader.load(contentsOf: path)
        } catch let error as ProfileError {
            throw error.veilError
        }
    }
}

/// Veil's own version, as `veil --version` prints it and run manifests record it.
public enum VeilVersion {
    /// The release version (semantic versioning).
    public static let current = "0.1.0"
}

/// What a caller asks of one masked copy (`veil run`, `refresh`, `snapshot`): the profile, the source and target
/// overriding its own, the masking threads, and where the report, the signed manifest and the metrics go.
public struct RunRequest: Sendable {
    public var profilePath: String
    public var source: String?
    public var target: String?
    public var jobs: Int?
    public var reportPath: String?
    /// Where the signed run manifest goes instead of its default place (see `RunManifestWriter`).
    public var manifestPath: String?
    /// Where the run writes its node_exporter metrics on success, before it publishes (the caller writes them
    /// on failure).
    public var metricsPath: String?

    public init(
        profilePath: String, source: String? = nil, target: String? = nil, jobs: Int? = nil,
        reportPath: String? = nil, manifestPath: String? = nil, metricsPath: String? = nil
    ) {
        self.profilePath = profilePath
        self.source = source
        self.target = target
        self.jobs = jobs
        self.reportPath = reportPath
        self.manifestPath = manifestPath
        self.metricsPath = metricsPath
    }
}

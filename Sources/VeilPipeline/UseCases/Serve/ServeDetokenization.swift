import VeilCore
import VeilProfile
import VeilServer
import VeilVault

/// `veil serve`: the detokenization service over the profile's key store, vault, staff accounts, audit log and
/// access policy. Refuses to start without an audit log or a policy, and refuses plain HTTP off loopback.
public struct ServeDetokenization {
    public let profilePath: String
    public let policyPath: String?
    public let listen: String
    public let transport: DetokenizationServer.Transport
    public let limits: ConnectionLimits

    public init(
        profilePath: String, policyPath: String?, listen: String, transport: DetokenizationServer.Transport,
        limits: ConnectionLimits = .init()
    ) {
        self.profilePath = profilePath
        self.policyPath = policyPath
        self.listen = listen
        self.transport = transport
        self.limits = limits
    }

    /// Opens everything the service needs and returns the server, ready to run.
    public func prepare() throws -> DetokenizationServer {
        let address = try DetokenizationServer.Listen.parse(listen)
        if case .insecureHTTP = transport, !address.isLoopback {
            throw VeilError(
                .usage,
                "--insecure-http is refused on \(address.host): plain HTTP only on a loopback address "
                    + "(127.0.0.1, ::1, localhost)")
        }
        if case .tls(let certificate, let key) = transport {
            guard !certificate.isEmpty, !key.isEmpty else {
                throw VeilError(.usage, "`veil serve` needs --tls-cert and --tls-key (or --insecure-http on loopback)")
            }
        }
        let profile = try ProfileLoading.load(profilePath)
        guard let policyFile = policyPath ?? profile.policy else {
            throw VeilError(.usage, "`veil serve` needs an access policy: --policy FILE or `policy:` in the profile")
        }
        guard profile.audit != nil else {
            throw VeilError(.usage, "`veil serve` needs an audit log: set `audit:` in the profile")
        }
        let policy = try AccessPolicy.load(contentsOf: policyFile)
        let keys = try KeyAccess.open(profile)
        guard let audit = try AuditAccess.open(profile, keys: keys) else {
            throw VeilError(.usage, "`veil serve` needs an audit log: set `audit:` in the profile")
        }
        let vault = try VaultAccess.open(profile, keys: keys)
        let staff = try StaffAccess.open(profile, keys: keys)
        let service = DetokenizationService(
            directory: staff, policy: policy,
            reverser: CompositeReverser(
                format: FormatReverser(
                    currentVersion: keys.currentVersion, provider: ReversalCatalog.provider(vault: vault, keys: keys)),
                vault: VaultReverser(vault: vault)),
            audit: audit,
            keyVersions: { version in
                guard keys.dataKeys.contains(where: { $0.version == version }) else { return .unknown }
                return version < keys.minimumDecryptionVersion ? .retired : .usable
            })
        return try DetokenizationServer(service: service, listen: address, transport: transport, limits: limits)
    }
}

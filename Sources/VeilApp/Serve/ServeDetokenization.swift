import VeilCore
import VeilCrypto
import VeilPipeline
import VeilProfile
import VeilServer
import VeilVault

/// `veil serve`: the detokenization service over the profile's key store, vault, staff accounts, audit log and
/// access policy. Refuses to start without an audit log or a policy, and refuses plain HTTP off loopback. Follows the
/// key store file while it runs (``KeyStoreWatch``): `veil keys rotate`, `retire` and `rewrap` need no restart.
public struct ServeDetokenization {
    public let profilePath: String
    public let policyPath: String?
    public let listen: String
    public let transport: DetokenizationServer.Transport
    public let limits: ConnectionLimits
    /// Where a request's client address comes from (for login throttling and the audit log).
    public var clientAddress = ClientAddress()

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

    /// Opens everything the service needs and returns the server, ready to run. First makes the process unable
    /// to leave a core dump (``ProcessHardening``), before any secret is read.
    public func prepare() throws -> DetokenizationServer {
        let hardening = ProcessHardening.apply()
        guard hardening.failures.isEmpty else {
            throw VeilError(
                .internal, "`veil serve` refuses to hold keys: " + hardening.failures.joined(separator: "; "))
        }
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
        // The key store is followed while the server runs: a rotation or retirement holds from the next request. A
        // store older than the audit log's anchor is refused; a newer one raises the anchor.
        let watch = KeyStoreWatch(
            keys, secret: { try KeyAccess.secret(of: profile) },
            onChange: { next in
                try AuditAccess.checkGeneration(of: next, against: audit)
                try vault.adopt(next)
            })
        let service = DetokenizationService(
            directory: staff, policy: policy,
            reverser: CompositeReverser(
                format: FormatReverser(resolver: ReversalCatalog.resolver(vault: vault, keys: { watch.latest })),
                vault: VaultReverser(vault: vault), keys: watch),
            audit: audit,
            // Asked after the request's reversal has brought the watch up to date: the key store in force now.
            keyVersions: { version in
                let keys = watch.latest
                guard keys.dataKeys.contains(where: { $0.version == version }) else { return .unknown }
                return version < keys.minimumDecryptionVersion ? .retired : .usable
            })
        var server = try DetokenizationServer(service: service, listen: address, transport: transport, limits: limits)
        server.clientAddress = clientAddress
        return server
    }
}

/// Which key version and settings made a domain's tokens, from the domain's ``MaskingRecord``s — or why that cannot
/// be told. A token of a format rule does not say which version made it, and every version reverses it to *some*
/// valid-looking value, so a guess would hand out another person's data: a request is answered only when the history
/// leaves one version (and, under it, one way of masking) possible.
public enum MaskingHistory {
    /// What a request resolves to.
    public struct Resolution: Sendable, Equatable {
        public var version: Int
        /// The settings to rebuild: those of the latest run under `version`.
        public var record: MaskingRecord
    }

    /// Why a request's tokens cannot be reversed from the history.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// No version named, and the domain was masked with several.
            case ambiguousVersion
            /// The version named is not one the domain was masked with.
            case versionNotUsed
            /// Under the version, the domain was masked with different settings (not only in an argument the request
            /// may name).
            case ambiguousSettings
        }

        public var kind: Kind
        public var domain: String
        /// The versions the domain was masked with.
        public var versions: [Int]
        /// The version the request named, if any.
        public var requested: Int?

        /// For the client: the domain, the versions and what to do; never a token or value.
        public var description: String {
            switch kind {
            case .ambiguousVersion:
                return "domain \(domain) was masked with \(Self.list(versions)), and a token does not say which made "
                    + "it: name the version with key_version (veil detokenize --key-version N)"
            case .versionNotUsed:
                return "domain \(domain) was never masked with key version \(requested ?? 0); it was masked with "
                    + Self.list(versions)
            case .ambiguousSettings:
                return "domain \(domain) was masked with different rule settings under key version "
                    + "\(requested ?? versions.first ?? 0), so its tokens cannot be told apart and are not reversed"
            }
        }

        /// For the audit log.
        public var auditReason: String {
            let numbers = versions.map(String.init).joined(separator: ",")
            switch kind {
            case .ambiguousVersion: return "ambiguous key version: \(numbers)"
            case .versionNotUsed: return "key version \(requested ?? 0) not used by the domain: \(numbers)"
            case .ambiguousSettings: return "ambiguous rule settings under key version \(requested ?? 0)"
            }
        }

        /// `key version 1`, `key versions 1 and 2`, `key versions 1, 2 and 3`.
        static func list(_ versions: [Int]) -> String {
            let names = versions.map(String.init)
            guard let last = names.last else { return "no key version" }
            if names.count == 1 { return "key version \(last)" }
            return "key versions " + names.dropLast().joined(separator: ", ") + " and " + last
        }
    }

    /// The version and settings that made a token of the domain whose records are `records`.
    /// - Parameters:
    ///   - version: the version the request names, if any.
    ///   - selectable: arguments the request may name itself (an `email` domain's `encoding`): records differing only
    ///     in those count as one way of masking, with the latest run's values.
    ///   - currentVersion: the key store's current version (bounds records kept before versions were recorded).
    /// - Returns: nil when there is no record (the domain is not a recorded format domain).
    /// - Throws: ``Refusal`` when the history leaves more than one possibility, or none.
    public static func resolve(
        _ records: [MaskingRecord], domain: String, version: Int?, selectable: Set<String> = [],
        currentVersion: Int
    ) throws(Refusal) -> Resolution? {
        guard !records.isEmpty else { return nil }
        let used = Set(records.flatMap { $0.versions(currentVersion: currentVersion) }).sorted()
        let chosen: Int
        if let version {
            guard used.contains(version) else {
                throw Refusal(kind: .versionNotUsed, domain: domain, versions: used, requested: version)
            }
            chosen = version
        } else {
            guard used.count == 1, let only = used.first else {
                throw Refusal(kind: .ambiguousVersion, domain: domain, versions: used, requested: nil)
            }
            chosen = only
        }
        let candidates = records.filter { $0.versions(currentVersion: currentVersion).contains(chosen) }
        guard Set(candidates.map { $0.settingsKey(ignoring: selectable) }).count == 1,
            let latest = candidates.max(by: { $0.sequence < $1.sequence })
        else {
            throw Refusal(kind: .ambiguousSettings, domain: domain, versions: used, requested: chosen)
        }
        return Resolution(version: chosen, record: latest)
    }
}

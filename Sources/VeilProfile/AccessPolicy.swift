import Foundation
import VeilCore
import Yams

/// Who may reveal what through `veil serve`: roles, each granting domains and limits. Everything not granted is
/// denied.
///
/// ```yaml
/// roles:
///   support:
///     domains: [person.email, person.phone]
///     tokens_per_request: 20
///     tokens_per_day: 200
///     requests_per_minute: 30      # optional, default 60
/// ```
public struct AccessPolicy: Sendable, Equatable {
    public struct Role: Sendable, Equatable {
        public var name: String
        public var domains: Set<String>
        public var tokensPerRequest: Int
        public var tokensPerDay: Int
        public var requestsPerMinute: Int

        public init(
            name: String, domains: Set<String>, tokensPerRequest: Int, tokensPerDay: Int, requestsPerMinute: Int = 60
        ) {
            self.name = name
            self.domains = domains
            self.tokensPerRequest = tokensPerRequest
            self.tokensPerDay = tokensPerDay
            self.requestsPerMinute = requestsPerMinute
        }
    }

    public var roles: [String: Role]

    public init(roles: [String: Role]) {
        self.roles = roles
    }

    /// Reads a policy file. Every problem is a `.usage` ``VeilError`` naming the file and the role.
    public static func load(contentsOf path: String) throws -> AccessPolicy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VeilError(.usage, "cannot read the access policy \(path)")
        }
        do {
            return try parse(try UTF8Text.decode(data, file: path), file: path)
        } catch let error as ProfileError {
            throw VeilError(.usage, error.description)
        }
    }

    /// Reads a policy's text. Anchors, aliases and tags are refused before any node is built, as in a profile.
    public static func parse(_ text: String, file: String) throws -> AccessPolicy {
        let refused = YAMLComposer.refusedProperties(in: text, file: file).problems
        if !refused.isEmpty { throw VeilError(.usage, ProfileError(problems: refused).description) }
        // The policy file's own keys.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        struct RawRole: Decodable {
            var domains: [String]
            var tokens_per_request: Int
            var tokens_per_day: Int
            var requests_per_minute: Int?
        }
        struct RawPolicy: Decodable {
            var roles: [String: RawRole]
        }
        let raw: RawPolicy
        do {
            raw = try YAMLDecoder().decode(RawPolicy.self, from: text)
        } catch {
            throw VeilError(
                .usage,
                "\(file): not a valid access policy (roles: NAME: { domains: [...], tokens_per_request: N, "
                    + "tokens_per_day: N, requests_per_minute: N })")
        }
        var roles: [String: Role] = [:]
        for (name, role) in raw.roles {
            guard !role.domains.isEmpty, role.tokens_per_request >= 1, role.tokens_per_day >= role.tokens_per_request,
                (role.requests_per_minute ?? 60) >= 1
            else {
                throw VeilError(
                    .usage,
                    "\(file): role \(EchoedText.echo(name)) needs at least one domain, tokens_per_request ≥ 1, tokens_per_day ≥ "
                        + "tokens_per_request and requests_per_minute ≥ 1")
            }
            roles[name] = Role(
                name: name, domains: Set(role.domains), tokensPerRequest: role.tokens_per_request,
                tokensPerDay: role.tokens_per_day, requestsPerMinute: role.requests_per_minute ?? 60)
        }
        return AccessPolicy(roles: roles)
    }
}

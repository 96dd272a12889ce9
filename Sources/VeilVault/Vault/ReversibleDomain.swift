import Foundation

/// How the values of one domain were masked by a reversible format rule (`fpe`, `card`): the rule, its arguments
/// and the column type it was built for — everything the detokenization service needs to rebuild the rule and
/// reverse a token with the domain key of the version that made it, without reading the source database.
/// Masking runs that have a vault record one per reversible domain; it holds no key and no value.
public struct ReversibleDomain: Codable, Sendable, Equatable {
    public var domain: String
    public var rule: String
    /// Arguments as tagged text: `s:TEXT`, `i:NUMBER` or `b:true|false`.
    public var arguments: [String: String]
    public var columnType: String

    public init(domain: String, rule: String, arguments: [String: String], columnType: String) {
        self.domain = domain
        self.rule = rule
        self.arguments = arguments
        self.columnType = columnType
    }

    static func settingName(_ domain: String) -> String { "domain:" + domain }
}

extension TokenVault {
    /// Records how a reversible domain was masked (replacing an older record of it).
    public func record(_ domain: ReversibleDomain) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let text = String(data: try encoder.encode(domain), encoding: .utf8) else { return }
        try withStorage { try $0.setSetting(ReversibleDomain.settingName(domain.domain), to: text) }
    }

    /// How `domain` was masked, if a run recorded it.
    public func reversibleDomain(_ domain: String) throws -> ReversibleDomain? {
        guard let text = try withStorage({ try $0.setting(ReversibleDomain.settingName(domain)) }) else { return nil }
        return try? JSONDecoder().decode(ReversibleDomain.self, from: Data(text.utf8))
    }
}

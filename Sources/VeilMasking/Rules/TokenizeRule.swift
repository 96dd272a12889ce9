import VeilCore

/// `tokenize`: a random token of the value's own format, stored in the token vault.
///
/// Every ASCII digit becomes a random digit and every letter a random letter of the same case; separators and
/// other characters stay in place, so the token has the value's length and shape. Tokens are random, not derived
/// from the value: only the vault links a token to its original (encrypted), so a token reveals nothing without
/// it. The vault makes tokens convergent (the same value always gets the same token in a domain: joins survive),
/// unique per domain, never equal to the value, and reversible by authorized staff (`veil detokenize`).
///
/// Needs `vault:` in the profile. Text columns only (a numeric token could lose leading zeros and with them its
/// way back). A value with no letter or digit, or whose format has no free token left in the domain, cannot be
/// tokenized (exit 66, naming the row).
public enum TokenizeRule {
    public static let definition = RuleDefinition(
        name: "tokenize",
        summary: "random token of the value's format, stored in the vault (reversible by authorized staff)",
        isKeyed: true, isReversible: true, isBijective: true,
        make: { context throws(RuleConfigurationError) in try TokenizeTransformer(context) }
    )
}

/// Tokenizes a column's values in one vault call per batch. See ``TokenizeRule``.
public struct TokenizeTransformer: Transformer {
    let issuer: any TokenIssuer
    let domain: String

    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        guard let issuer = context.tokens else {
            throw RuleConfigurationError("tokenize needs a token vault: set `vault:` in the profile")
        }
        guard ColumnType(context.column.type).isTextual else {
            throw RuleConfigurationError("tokenize writes text tokens; use fpe for a numeric column")
        }
        self.issuer = issuer
        self.domain = context.domain
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        let indices = values.indices.filter { values[$0].map { !$0.isEmpty } ?? false }
        guard !indices.isEmpty else { return }
        let originals = indices.map { values[$0]! }
        let tokens: [String]
        do {
            tokens = try issuer.tokens(for: originals, domain: domain)
        } catch {
            throw locate(error, in: originals, indices: indices)
        }
        for (index, token) in zip(indices, tokens) { values[index] = token }
    }

    /// Finds the first value the vault refuses, to name its row (errors are rare; the batch is retried one by one).
    private func locate(_ error: any Error, in originals: [String], indices: [Int]) -> MaskingError {
        for (original, index) in zip(originals, indices) {
            do {
                _ = try issuer.tokens(for: [original], domain: domain)
            } catch {
                return MaskingError(rowIndex: index, reason: "the vault cannot tokenize it: \(error)")
            }
        }
        return MaskingError(rowIndex: indices[0], reason: "the vault failed: \(error)")
    }
}

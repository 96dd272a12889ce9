/// A transformer whose outputs authorized staff can turn back into the inputs (detokenization).
///
/// `fpe` and `card` conform. Build one from the same rule, parameters, domain and key version that
/// produced the token, then call ``reveal(_:)``.
public protocol ReversibleTransformer: Transformer {
    /// The original value of `token`.
    /// - Throws: ``ValueError`` when the token was not produced reversibly (its free part is too
    ///   small, so a one-way fallback produced it) or is not in the rule's format. Never carries the token.
    func reveal(_ token: String) throws(ValueError) -> String
}

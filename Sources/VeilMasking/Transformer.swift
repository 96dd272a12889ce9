import VeilCore

/// A masking rule bound to its parameters, domain and keys: it masks one column of a batch.
///
/// Contract every transformer keeps (and every rule's tests check):
/// - Deterministic: the same input, parameters, domain and key give the same output, in every
///   batch, thread, run and machine. Transformers hold no mutable state.
/// - NULL stays NULL and an empty string stays empty, except for rules whose job is to change them.
/// - Errors name the row index within the batch and a reason, never the value.
public protocol Transformer: Sendable {
    /// Other columns of the same row this transformer reads (e.g. `shift_date`'s `by:`), in order.
    var relatedColumns: [String] { get }

    /// Masks `values` (one column of a batch, row-aligned) in place.
    /// - Parameters:
    ///   - values: the column's fields; `nil` is SQL NULL.
    ///   - related: for each name in `relatedColumns`, that column's *original* fields, row-aligned.
    func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError)

    /// Masks `values` as ``transform(_:related:)`` does, writing the outputs as UTF-8 bytes into one buffer instead
    /// of a `String` each; nil when the rule has no byte path (the caller then uses ``transform(_:related:)``).
    /// A rule that has one gives the same values both ways, for every batch.
    func transformedBytes(_ values: [Field], related: [[Field]]) throws(MaskingError) -> ByteColumn?
}

extension Transformer {
    public var relatedColumns: [String] { [] }

    public func transformedBytes(_ values: [Field], related: [[Field]]) throws(MaskingError) -> ByteColumn? { nil }
}

/// A transformer that maps one non-empty value at a time; NULL and empty strings pass unchanged.
public protocol ValueTransformer: Transformer {
    func transform(_ value: String) throws(ValueError) -> String
}

extension ValueTransformer {
    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        for index in values.indices {
            guard let value = values[index], !value.isEmpty else { continue }
            do {
                values[index] = try transform(value)
            } catch {
                throw MaskingError(rowIndex: index, reason: error.reason)
            }
        }
    }
}

/// Why one value could not be masked. The reason describes the problem, never the value.
public struct ValueError: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// A value that could not be masked: its row within the batch and why, never the value.
public struct MaskingError: Error, Sendable, Equatable {
    public var rowIndex: Int
    public var reason: String

    public init(rowIndex: Int, reason: String) {
        self.rowIndex = rowIndex
        self.reason = reason
    }
}

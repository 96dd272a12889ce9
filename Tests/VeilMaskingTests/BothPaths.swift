import Testing
import VeilCore

@testable import VeilMasking

/// A rule's fast path against its general path on the same values: both give the same outputs, or the same error.
enum BothPaths {
    static func expectSame(
        _ values: [Field], _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation,
        run: (inout [Field], _ takingFastPath: Bool) throws(MaskingError) -> Void
    ) {
        var fast = values
        var general = values
        let fastResult = Result { () throws(MaskingError) in try run(&fast, true) }
        let generalResult = Result { () throws(MaskingError) in try run(&general, false) }
        switch (fastResult, generalResult) {
        case (.success, .success): #expect(fast == general, "\(label)", sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)): #expect(a == b, "\(label)", sourceLocation: sourceLocation)
        default: Issue.record("\(label): one path failed, the other did not", sourceLocation: sourceLocation)
        }
    }
}

/// A transformer with a fast path in `transform(_:related:)` and its general path kept beside it.
protocol HasGeneralPath: Transformer {
    func transformGenerally(_ values: inout [Field]) throws(MaskingError)
}

extension IPAddressTransformer: HasGeneralPath {}
extension UUIDTransformer: HasGeneralPath {}
extension PhoneTransformer: HasGeneralPath {}

extension BothPaths {
    /// `transformer`'s fast path against its general path on `values`.
    static func expectSame(
        _ transformer: some HasGeneralPath, _ values: [Field], _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectSame(values, label, sourceLocation: sourceLocation) { values, fast throws(MaskingError) in
            if fast {
                try transformer.transform(&values, related: [])
            } else {
                try transformer.transformGenerally(&values)
            }
        }
        // The byte path, where the rule has one, against the general path too.
        expectSame(values, label + " (bytes)", sourceLocation: sourceLocation) { values, fast throws(MaskingError) in
            if fast {
                guard let bytes = try transformer.transformedBytes(values, related: []) else {
                    return try transformer.transform(&values, related: [])
                }
                values = bytes.fields
            } else {
                try transformer.transformGenerally(&values)
            }
        }
    }
}

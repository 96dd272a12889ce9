// Fuzz target `json-leaves`: `scrub` on a json/jsonb column (`JSONStringLeavesTransformer`): each document's string
// leaves gathered, transformed as one batch, and put back. The input holds the column's values separated by NUL
// bytes (an empty value is SQL NULL); the leaf transformer here marks every string it is given.
//
// Properties beyond "no crash": either the batch is refused with the row of a value that is not JSON, or every
// value comes back as JSON with the same structure, numbers, booleans, nulls and keys, and exactly its string
// leaves marked; NULLs stay NULL.

import VeilCore

@testable import VeilMasking

/// Prefixes every value with `~` (NULL stays NULL), so a leaf that was missed or moved shows.
private struct MarkingTransformer: Transformer {
    func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        for index in values.indices { values[index] = values[index].map { "~" + $0 } }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func jsonLeavesFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let fields: [Field] = fuzzBytes(data, size).split(separator: 0, omittingEmptySubsequences: false).prefix(16).map {
        $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self)
    }
    var values = fields
    do {
        try JSONStringLeavesTransformer(leaves: MarkingTransformer()).transform(&values, related: [])
    } catch {
        fuzzRequire(
            fields.indices.contains(error.rowIndex) && (try? JSONValue.parse(fields[error.rowIndex]!)) == nil,
            "a refusal that names a row holding JSON")
        return 0
    }
    for (before, after) in zip(fields, values) {
        guard let before else {
            fuzzRequire(after == nil, "a NULL became a value")
            continue
        }
        guard let document = try? JSONValue.parse(before), let after, let masked = try? JSONValue.parse(after) else {
            fuzzRequire(false, "a document came back as no JSON")
            return 0
        }
        fuzzRequire(masked == marked(document), "a document came back with other than its string leaves marked")
    }
    return 0
}

/// `value` with every string leaf prefixed with `~`.
private func marked(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let members): .object(members.map { ($0.key, marked($0.value)) })
    case .array(let elements): .array(elements.map(marked))
    case .string(let text): .string("~" + text)
    case .number, .bool, .null: value
    }
}

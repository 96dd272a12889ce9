// Fuzz target `json-path`: the `json` rule's paths and its walk over a document. The input's lines up to the first
// blank line are path patterns (`$.a.b`, `$..email`, `$['k']`, `$.list[*]`); the rest is the JSON document.
//
// Properties beyond "no crash": the document written compactly parses back to itself; a pattern made only of
// keys and indices matches exactly the locations that start with them, as a whole prefix of its own length;
// no pattern matches more components than a location has.

@testable import VeilMasking

@_cdecl("LLVMFuzzerTestOneInput")
public func jsonPathFuzzTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
    let parts = text.split(separator: "\n\n", maxSplits: 1, omittingEmptySubsequences: false)
    let patterns = parts[0].split(separator: "\n").prefix(8).compactMap { JSONPath(String($0)) }
    guard parts.count == 2, let document = try? JSONValue.parse(String(parts[1])) else { return 0 }
    let serialized = document.serialized
    fuzzRequire((try? JSONValue.parse(serialized)) == document, "a document does not read back from its serialization")
    fuzzRequire((try? JSONValue.parse(serialized))?.serialized == serialized, "serialization is not stable")

    var location: [JSONPath.Component] = []
    var leaves = 0
    JSONTransformer.visitLeaves(document, location: &location) { _, at in
        leaves += 1
        for pattern in patterns {
            let matched = pattern.matchedPrefix(of: at)
            fuzzRequire(matched.map { $0 <= at.count } ?? true, "a match longer than its location")
            guard let concrete = concreteComponents(pattern) else { continue }
            let expected = at.starts(with: concrete) ? concrete.count : nil
            fuzzRequire(matched == expected, "a pattern of keys and indices matched another prefix")
        }
    }
    var ordinal = 0
    fuzzRequire(
        JSONTransformer.replacingLeaves(document, ordinal: &ordinal, with: [:]) == document && ordinal == leaves,
        "replacing no leaf changed the document or counted other leaves")
    return 0
}

/// The pattern's steps as a location, when it has no wildcard.
private func concreteComponents(_ pattern: JSONPath) -> [JSONPath.Component]? {
    var components: [JSONPath.Component] = []
    for step in pattern.steps {
        switch step {
        case .key(let key): components.append(.key(key))
        case .index(let index): components.append(.index(index))
        case .any, .descendants: return nil
        }
    }
    return components
}

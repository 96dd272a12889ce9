import VeilMasking
import VeilProfile

/// Checks a profile rule's arguments against the parameters its rule declares, and fills defaults.
enum RuleArguments {
    /// The validated arguments, or the problems found (unknown names, wrong kinds, out of range).
    static func validate(_ spec: RuleSpec, against definition: RuleDefinition) -> (
        [String: ParameterValue], [PlanProblem]
    ) {
        var values: [String: ParameterValue] = [:]
        var problems: [PlanProblem] = []
        let declared = Dictionary(uniqueKeysWithValues: definition.parameters.map { ($0.name, $0) })
        for (name, value) in spec.arguments.sorted(by: { $0.key < $1.key }) {
            let location = spec.argumentLocations[name] ?? spec.location
            guard let parameter = declared[name] else {
                let known = definition.parameters.map(\.name)
                let hint = Suggestion.closest(to: name, among: known).map { "; did you mean `\($0)`?" } ?? ""
                let list = known.isEmpty ? "none" : known.joined(separator: ", ")
                problems.append(
                    PlanProblem(
                        .invalidRule, "rule `\(definition.name)` has no parameter `\(name)` (it takes: \(list))\(hint)",
                        location: location))
                continue
            }
            switch convert(value, to: parameter.kind) {
            case .success(let converted): values[name] = converted
            case .failure(let message):
                problems.append(
                    PlanProblem(.invalidRule, "`\(name)` of rule `\(definition.name)`: \(message)", location: location))
            }
        }
        for parameter in definition.parameters where values[parameter.name] == nil {
            if let defaultValue = parameter.defaultValue { values[parameter.name] = defaultValue }
        }
        return (values, problems)
    }

    private enum Conversion {
        case success(ParameterValue)
        case failure(String)
    }

    private static func convert(_ value: ProfileValue, to kind: ParameterDefinition.Kind) -> Conversion {
        switch (kind, value) {
        case (.string, .string(let text)): return .success(.string(text))
        case (.string, .integer(let number)): return .success(.string(String(number)))
        case (.boolean, .boolean(let flag)): return .success(.boolean(flag))
        case (.integer(let range), .integer(let number)):
            return range.contains(number)
                ? .success(.integer(number))
                : .failure("must be between \(range.lowerBound) and \(range.upperBound)")
        case (.choice(let words), .string(let word)):
            return words.contains(word)
                ? .success(.string(word)) : .failure("must be one of \(words.joined(separator: ", "))")
        case (.string, _): return .failure("must be a string")
        case (.boolean, _): return .failure("must be true or false")
        case (.integer, _): return .failure("must be an integer")
        case (.choice(let words), _): return .failure("must be one of \(words.joined(separator: ", "))")
        }
    }
}

/// "Did you mean" for misspelt names: the closest candidate within a small edit distance.
enum Suggestion {
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word, $0)) }.filter { $0.1 <= max(2, word.count / 3) }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func distance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs)
        let b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

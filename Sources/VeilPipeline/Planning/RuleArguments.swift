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
                        .invalidRule,
                        "rule `\(definition.name)` has no parameter `\(EchoedText.echo(name))` (it takes: \(list))\(hint)",
                        location: location))
                continue
            }
            if parameter.kind == .rules {
                // The nested rules are validated and planned one by one (RuleSpec.nestedRules), not as an argument.
                if value.mapValue == nil {
                    problems.append(
                        PlanProblem(
                            .invalidRule,
                            "`\(EchoedText.echo(name))` of rule `\(definition.name)`: must be a map of keys to rules",
                            location: location))
                }
                continue
            }
            switch convert(value, to: parameter.kind) {
            case .success(let converted): values[name] = converted
            case .failure(let message):
                problems.append(
                    PlanProblem(
                        .invalidRule, "`\(EchoedText.echo(name))` of rule `\(definition.name)`: \(message)",
                        location: location))
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
        case (.list, .list(let items)):
            var texts: [String] = []
            for item in items {
                guard let text = item.stringValue else { return .failure("must be a list of strings") }
                texts.append(text)
            }
            return .success(.list(texts))
        case (.list, .string(let text)): return .success(.list([text]))
        case (.list, _): return .failure("must be a list of strings")
        case (.string, _): return .failure("must be a string")
        case (.boolean, _): return .failure("must be true or false")
        case (.integer, _): return .failure("must be an integer")
        case (.choice(let words), _): return .failure("must be one of \(words.joined(separator: ", "))")
        case (.rules, _): return .failure("must be a map of keys to rules")
        }
    }
}

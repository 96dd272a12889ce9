import VeilCore
import VeilMasking
import VeilProfile

extension PlanBuilder {
    /// Plans the nested rules of `plan` (a `json` rule's `paths:`, a `scrub` rule's linked kinds) into
    /// ``ColumnPlan/nested``. Returns false when a nested rule has a problem, after reporting it.
    func attachNestedPlans(
        to plan: inout ColumnPlan, spec: RuleSpec, in table: TableSchema, problems: inout [PlanProblem]
    ) -> Bool {
        var found: [PlanProblem] = []
        if plan.definition.parameters.contains(where: { $0.kind == .rules }) {
            plan.nested = nestedRulePlans(of: spec, parent: plan, in: table, problems: &found)
        }
        if plan.definition.name == ScrubRule.definition.name {
            plan.nested = scrubPlans(for: plan, spec: spec, problems: &found)
        }
        problems += found
        return found.isEmpty
    }

    /// One plan per `paths:` entry: the nested rule checked like a column's (unknown rule or parameter,
    /// invalid arguments, a configuration its rule refuses), on a text pseudo-column named `column.path`,
    /// under the nested rule's `domain:` or `<parent domain>.<path>`. A nested `json` is refused.
    private func nestedRulePlans(
        of spec: RuleSpec, parent: ColumnPlan, in table: TableSchema, problems: inout [PlanProblem]
    ) -> [String: ColumnPlan] {
        var plans: [String: ColumnPlan] = [:]
        let parentName = "\(table.name).\(parent.column.name)"
        for (key, nestedSpec) in spec.nestedRules.sorted(by: { $0.key < $1.key }) {
            guard let definition = rules.first(where: { $0.name == nestedSpec.name }) else {
                let hint = Suggestion.closest(to: nestedSpec.name, among: rules.map(\.name))
                    .map { "; did you mean `\($0)`?" }
                problems.append(
                    PlanProblem(
                        .invalidRule,
                        "unknown rule `\(EchoedText.echo(nestedSpec.name))` for `\(EchoedText.echo(key))` of "
                            + parentName + (hint ?? "; `veil rules` lists them"),
                        location: nestedSpec.location))
                continue
            }
            guard definition.name != parent.definition.name else {
                problems.append(
                    PlanProblem(
                        .invalidRule,
                        "`\(EchoedText.echo(key))` of \(parentName): a `\(definition.name)` rule cannot nest another",
                        location: nestedSpec.location))
                continue
            }
            let (arguments, argumentProblems) = RuleArguments.validate(nestedSpec, against: definition)
            problems += argumentProblems
            guard argumentProblems.isEmpty else { continue }
            var plan = ColumnPlan(
                column: Column(name: "\(parent.column.name).\(key)", type: "text"), definition: definition,
                arguments: arguments, domain: nestedSpec.domain ?? "\(parent.domain).\(key)",
                location: nestedSpec.location)
            guard attachNestedPlans(to: &plan, spec: nestedSpec, in: table, problems: &problems) else { continue }
            do {
                let transformer = try plan.makeTransformer(
                    keys: validationKeys, tokens: profile.vault == nil ? nil : UnusedTokenIssuer())
                guard transformer.relatedColumns.isEmpty else {
                    problems.append(
                        PlanProblem(
                            .invalidRule,
                            "rule `\(definition.name)` for `\(EchoedText.echo(key))` of \(parentName) reads other columns, "
                                + "which a nested rule cannot", location: nestedSpec.location))
                    continue
                }
            } catch {
                problems.append(
                    PlanProblem(
                        .invalidRule,
                        "rule `\(definition.name)` for `\(EchoedText.echo(key))` of \(parentName): \(error.message)",
                        location: nestedSpec.location))
                continue
            }
            plans[key] = plan
        }
        return plans
    }
}

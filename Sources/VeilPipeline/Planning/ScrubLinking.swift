import VeilCore
import VeilMasking
import VeilProfile

/// Links each kind `scrub` finds to the rule that masks it elsewhere in the profile, so an address found
/// in `tickets.body` masks exactly like the same address in `customers.email` (same rule, arguments and
/// domain), and joins on the masked values survive.
///
/// For each kind of `detect:` (with `ip` standing for `ipv4` and `ipv6`):
/// 1. the column named by the kind's parameter (`email: public.customers.email`, `ip: logins.address`), with
///    its rule, arguments and domain; a column the profile keeps, or masks with `json` or `scrub`, is refused;
/// 2. else, the profile column whose rule belongs to the kind's family (email: `email`, `fake.email`; card:
///    `card`, `fake.card`; iban: `iban`, `fake.iban`; ssn: `ssn`, `fake.ssn`; phone: `phone`, `fake.phone`;
///    ipv4: `ipv4`, `ip`, `fake.ipv4`; ipv6: `ipv6`, `ip`, `fake.ipv6`) when exactly one such rule, arguments and domain
///    exists (columns linked to one domain count once);
/// 3. else, the kind's default rule (``ScrubRule/defaultRules(forKind:)``) under the domain `scrub.<kind>`,
///    shared by every scrubbed column of the profile.
extension PlanBuilder {
    static let scrubFamilies: [(kind: String, rules: Set<String>)] = [
        ("email", ["email", "fake.email"]), ("card", ["card", "fake.card"]), ("iban", ["iban", "fake.iban"]),
        ("ssn", ["ssn", "fake.ssn"]), ("phone", ["phone", "fake.phone"]), ("ipv4", ["ipv4", "ip", "fake.ipv4"]),
        ("ipv6", ["ipv6", "ip", "fake.ipv6"]),
    ]

    /// The nested plans of a `scrub` column, keyed by kind (`email`, ..., `ipv4`, `ipv6`).
    func scrubPlans(for plan: ColumnPlan, spec: RuleSpec, problems: inout [PlanProblem]) -> [String: ColumnPlan] {
        var detected: Set<String> = []
        if case .list(let words)? = plan.arguments["detect"] {
            for word in words { detected.formUnion(word == "ip" ? ["ipv4", "ipv6"] : [word]) }
        } else {
            detected = Set(Self.scrubFamilies.map(\.kind))
        }
        var plans: [String: ColumnPlan] = [:]
        for family in Self.scrubFamilies where detected.contains(family.kind) {
            let parameter = family.kind.hasPrefix("ipv") ? "ip" : family.kind
            if case .string(let target)? = plan.arguments[parameter] {
                let location = spec.location(ofArgument: parameter)
                switch explicitLink(target, family: family, parameter: parameter, location: location) {
                case .success(let linked?): plans[family.kind] = linked
                case .success(nil): plans[family.kind] = defaultScrubPlan(family.kind, parent: plan)
                case .failure(let problem): problems.append(problem)
                }
            } else {
                plans[family.kind] = automaticLink(family.rules) ?? defaultScrubPlan(family.kind, parent: plan)
            }
        }
        return plans
    }

    private enum Link {
        case success(ColumnPlan?)
        case failure(PlanProblem)
    }

    /// The plan of the column `target` names; `nil` when it names an IP column of the other address family.
    private func explicitLink(
        _ target: String, family: (kind: String, rules: Set<String>), parameter: String, location: SourceLocation
    ) -> Link {
        guard let (table, column, entry) = profileColumn(named: target) else {
            return .failure(
                PlanProblem(
                    .invalidRule,
                    "`\(parameter)` of rule `scrub`: `\(target)` is not a column the profile masks "
                        + "(write schema.table.column or table.column)", location: location))
        }
        guard !["keep", "json", "scrub"].contains(entry.rule.name) else {
            return .failure(
                PlanProblem(
                    .invalidRule,
                    "`\(parameter)` of rule `scrub`: \(table.name).\(column.name) uses rule "
                        + "`\(entry.rule.name)`, which cannot mask what scrub finds", location: location))
        }
        if parameter == "ip" {
            let otherFamily = Self.scrubFamilies.first { $0.kind.hasPrefix("ipv") && $0.kind != family.kind }
            if entry.rule.name != "ip", otherFamily?.rules.contains(entry.rule.name) == true { return .success(nil) }
        }
        var ignored: [PlanProblem] = []
        guard var linked = columnPlan(for: column, in: table, spec: entry.rule, problems: &ignored) else {
            // The column's own plan reports its problems.
            return .success(nil)
        }
        linked.uniquenessScope = nil
        return .success(linked)
    }

    /// The single plan (rule, arguments, domain) among profile columns whose rule is in `family`.
    private func automaticLink(_ family: Set<String>) -> ColumnPlan? {
        var found: [ColumnPlan] = []
        for table in schema.tables.sorted(by: { $0.name < $1.name }) {
            guard let entry = entry(for: table) else { continue }
            for columnEntry in entry.columns where family.contains(columnEntry.rule.name) {
                guard let column = table.column(named: columnEntry.name) else { continue }
                var ignored: [PlanProblem] = []
                guard var plan = columnPlan(for: column, in: table, spec: columnEntry.rule, problems: &ignored) else {
                    continue
                }
                plan.uniquenessScope = nil
                let isNew = !found.contains {
                    $0.definition.name == plan.definition.name && $0.arguments == plan.arguments
                        && $0.domain == plan.domain
                }
                if isNew { found.append(plan) }
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// The kind's default rule under `scrub.<kind>`, on a text pseudo-column.
    private func defaultScrubPlan(_ kind: String, parent: ColumnPlan) -> ColumnPlan? {
        for (name, overrides) in ScrubRule.defaultRules(forKind: kind) {
            guard let definition = rules.first(where: { $0.name == name }) else { continue }
            var arguments = overrides
            for parameter in definition.parameters where arguments[parameter.name] == nil {
                if let value = parameter.defaultValue { arguments[parameter.name] = value }
            }
            return ColumnPlan(
                column: Column(name: "\(parent.column.name).\(kind)", type: "text"), definition: definition,
                arguments: arguments, domain: "scrub.\(kind)", location: parent.location)
        }
        return nil
    }

    /// The source table, column and profile entry `schema.table.column` or `table.column` names.
    private func profileColumn(named target: String) -> (TableSchema, Column, ColumnEntry)? {
        let parts = target.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let name = TableName(schema: parts.count == 3 ? parts[0] : defaultSchema, name: parts[parts.count - 2])
        guard let table = schema[name], let column = table.column(named: parts[parts.count - 1]),
            let entry = entry(for: table), let columnEntry = entry.columns.first(where: { $0.name == column.name })
        else { return nil }
        return (table, column, columnEntry)
    }
}

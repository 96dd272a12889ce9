import VeilCore
import VeilCrypto
import VeilMasking
import VeilProfile

/// Applies a profile to a source's schema: decides every column, or reports every problem at once.
///
/// Fail closed: every column of every table must be named by the profile (or its table be `keep` or
/// `rows: none`); a partition or inheritance child follows its parent's entry unless it has its own.
/// A foreign key whose two sides are masked differently is refused, since joins would break.
public struct PlanBuilder {
    public let profile: Profile
    public let schema: DatabaseSchema
    /// `public` for PostgreSQL sources, empty for SQLite and CSV.
    public let defaultSchema: String
    public let rules: [RuleDefinition]

    /// Throwaway keys, used only to let each rule validate its configuration at planning time.
    let validationKeys = MaskingKeyRing(dataKey: SecureBytes.random(count: 32), keyVersion: 0)

    public init(
        profile: Profile, schema: DatabaseSchema, defaultSchema: String, rules: [RuleDefinition] = BuiltinRules.all
    ) {
        self.profile = profile
        self.schema = schema
        self.defaultSchema = defaultSchema
        self.rules = rules
    }

    /// The plan, or a `PlanningError` listing every problem.
    public func build() throws(PlanningError) -> MaskingPlan {
        var problems: [PlanProblem] = []
        var actions: [TableName: TableAction] = [:]
        for table in schema.tables {
            actions[table.name] = action(for: table, problems: &problems)
        }
        problems += missingTables()
        let plan = MaskingPlan(actions: actions)
        problems += ForeignKeyCheck(schema: schema, plan: plan).problems()
        guard problems.isEmpty else { throw PlanningError(problems: problems) }
        return plan
    }

    /// Tables the profile names that the source does not have: a reviewed table that vanished (or a typo)
    /// means the profile no longer describes the source.
    private func missingTables() -> [PlanProblem] {
        profile.tables.filter { entry in
            !schema.tables.contains { entry.matches($0.name, defaultSchema: defaultSchema) }
        }.map { entry in
            PlanProblem(
                .schemaDrift, "the profile names table `\(EchoedText.echo(entry.key))`, which the source does not have",
                location: entry.location)
        }
    }

    /// The profile entry that governs `table`: its own, else its parent's (partitions, inheritance).
    func entry(for table: TableSchema) -> TableEntry? {
        var current: TableSchema? = table
        var seen: Set<TableName> = []
        while let candidate = current, seen.insert(candidate.name).inserted {
            if let entry = profile.entry(for: candidate.name, defaultSchema: defaultSchema) { return entry }
            current = candidate.parent.flatMap { schema[$0] }
        }
        return nil
    }

    /// The table whose columns name the domains of `table`'s columns (the root parent with the entry).
    private func domainOwner(of table: TableSchema) -> TableName {
        var current = table
        var seen: Set<TableName> = [table.name]
        while profile.entry(for: current.name, defaultSchema: defaultSchema) == nil,
            let parentName = current.parent, let parent = schema[parentName], seen.insert(parentName).inserted
        {
            current = parent
        }
        return current.name
    }

    private func action(for table: TableSchema, problems: inout [PlanProblem]) -> TableAction {
        guard let entry = entry(for: table) else {
            if profile.onUnreviewedColumn == .null {
                return .mask(nullPlans(for: table, columns: table.columns, problems: &problems))
            }
            for column in table.columns where !column.isGenerated {
                problems.append(PlanProblem(.unreviewedColumn, "unreviewed column \(table.name).\(column.name)"))
            }
            return .keep
        }
        switch entry.disposition {
        case .keep: return .keep
        case .schemaOnly: return .schemaOnly
        case .columns(let entries):
            var plans: [ColumnPlan] = []
            var named: Set<String> = []
            for columnEntry in entries {
                named.insert(columnEntry.name)
                guard let column = table.column(named: columnEntry.name) else {
                    // Only report once, on the table that owns the entry.
                    if profile.entry(for: table.name, defaultSchema: defaultSchema) != nil {
                        problems.append(
                            PlanProblem(
                                .schemaDrift, "\(table.name) has no column `\(EchoedText.echo(columnEntry.name))`",
                                location: columnEntry.location))
                    }
                    continue
                }
                if let plan = columnPlan(for: column, in: table, spec: columnEntry.rule, problems: &problems) {
                    plans.append(plan)
                }
            }
            let unnamed = table.columns.filter { !named.contains($0.name) && !$0.isGenerated }
            if profile.onUnreviewedColumn == .null {
                plans += nullPlans(for: table, columns: unnamed, problems: &problems)
            } else {
                for column in unnamed {
                    problems.append(PlanProblem(.unreviewedColumn, "unreviewed column \(table.name).\(column.name)"))
                }
            }
            return .mask(plans.filter { $0.definition.name != "keep" })
        }
    }

    func columnPlan(
        for declared: Column, in table: TableSchema, spec: RuleSpec, problems: inout [PlanProblem]
    ) -> ColumnPlan? {
        let kinds = ColumnKindCheck(schema: schema, defaultSchema: defaultSchema)
        let column = kinds.resolved(declared)
        guard let definition = rules.first(where: { $0.name == spec.name }) else {
            let hint = Suggestion.closest(to: spec.name, among: rules.map(\.name)).map { "; did you mean `\($0)`?" }
            problems.append(
                PlanProblem(
                    .invalidRule,
                    "unknown rule `\(EchoedText.echo(spec.name))`" + (hint ?? "; `veil rules` lists them"),
                    location: spec.location))
            return nil
        }
        let (arguments, argumentProblems) = RuleArguments.validate(spec, against: definition)
        problems += argumentProblems
        guard argumentProblems.isEmpty else { return nil }
        // A generated column is computed by the target from the masked row; a rule on it would never run.
        if declared.isGenerated, definition.name != "keep", definition.name != "null" {
            problems.append(
                PlanProblem(
                    .constraintConflict,
                    "\(table.name).\(column.name) is a generated column: the target computes it from the masked row, "
                        + "so rule `\(definition.name)` would never run; use keep (or null, written as NULL in a "
                        + "SQLite or CSV target)", location: spec.location))
            return nil
        }
        if let problem = kinds.problem(definition, arguments: arguments, column: declared, table: table) {
            problems.append(PlanProblem(.constraintConflict, problem, location: spec.location))
            return nil
        }
        var plan = ColumnPlan(
            column: column, definition: definition, arguments: arguments,
            domain: spec.domain ?? defaultDomain(for: column.name, in: table, arguments: arguments),
            location: spec.location)
        guard attachNestedPlans(to: &plan, spec: spec, in: table, problems: &problems) else { return nil }
        let bijective = isBijective(definition, arguments)
        // Inputs of a unique key are distinct, so equal outputs can only be collisions.
        if spec.unique, table.mustStayDistinct(column.name), !bijective, definition.name != "keep" {
            plan.uniquenessScope = ColumnName(table: domainOwner(of: table), column: column.name)
        }
        do {
            let transformer = try plan.makeTransformer(
                keys: validationKeys, tokens: profile.vault == nil ? nil : UnusedTokenIssuer())
            for related in transformer.relatedColumns where table.column(named: related) == nil {
                problems.append(
                    PlanProblem(
                        .invalidRule,
                        "rule `\(definition.name)` on \(table.name).\(column.name) reads column "
                            + "`\(EchoedText.echo(related))`, which \(table.name) does not have",
                        location: spec.location))
            }
        } catch {
            problems.append(
                PlanProblem(
                    .invalidRule, "rule `\(definition.name)` on \(table.name).\(column.name): \(error.message)",
                    location: spec.location))
            return nil
        }
        if column.isNotNull && (definition.mayProduceNull || producesNull(definition, arguments)) {
            problems.append(
                PlanProblem(
                    .constraintConflict,
                    "\(table.name).\(column.name) is NOT NULL but rule `\(definition.name)` can write NULL",
                    location: spec.location))
        }
        if table.mustStayDistinct(column.name), definition.name != "keep", !bijective {
            if !spec.unique {
                problems.append(
                    PlanProblem(
                        .constraintConflict,
                        "\(table.name).\(column.name) \(Self.uniqueness(of: column.name, in: table)) but rule `\(definition.name)` can map two "
                            + "values to one; use a bijective rule (fpe, card, email, tokenize...) or set "
                            + "`unique: true` to have the run check for duplicates", location: spec.location))
            } else if let problem = smallOutputSpace(definition, arguments, column: "\(table.name).\(column.name)") {
                problems.append(PlanProblem(.constraintConflict, problem, location: spec.location))
            }
        }
        return plan
    }

    /// What makes a column's values distinct, for messages: "is a unique key", "is read alone by the partial
    /// unique index x".
    static func uniqueness(of column: String, in table: TableSchema) -> String {
        if table.isUnique(column) { return "is a unique key" }
        let index = table.limitedUniqueIndexes.first { $0.columns == [column] }
        return "is read alone by the \(index?.kindDescription ?? "unique index")"
    }

    /// The domain a column's rule uses when the profile names none. A rule that reads another column
    /// to seed itself (`shift_date`'s `by:`) takes that column's domain, so every date of one entity
    /// moves by the same amount in every table; otherwise the column's own (or referenced) domain.
    private func defaultDomain(for column: String, in table: TableSchema, arguments: [String: ParameterValue])
        -> String
    {
        let resolver = DomainResolver(schema: schema, builder: self)
        if case .string(let entity)? = arguments["by"], table.column(named: entity) != nil {
            return "by:" + resolver.domain(of: entity, in: table)
        }
        return resolver.domain(of: column, in: table)
    }

    /// Whether distinct inputs always give distinct outputs under these arguments: a bijective rule
    /// stops being one when it falls back to a one-way mapping (`short:` other than `error`, a card
    /// keeping both BIN and last four).
    private func isBijective(_ definition: RuleDefinition, _ arguments: [String: ParameterValue]) -> Bool {
        definition.isBijective(arguments)
    }

    /// Fewest bits of distinct outputs a lossy rule needs on a unique key: 2^48 values make a duplicate among
    /// ten million rows unlikely (~0.2%), and the run's uniqueness guard stops before publishing if one occurs.
    static let minimumUniqueOutputBits = 48

    /// Why a lossy rule cannot serve a unique key: it draws from too few values (a first-name list, a city
    /// list), so duplicates are likely and the copy would fail its own unique constraint. `nil` when its
    /// output space is large enough.
    private func smallOutputSpace(_ definition: RuleDefinition, _ arguments: [String: ParameterValue], column: String)
        -> String?
    {
        let bits = definition.outputBits(arguments) ?? 0
        guard bits < Self.minimumUniqueOutputBits else { return nil }
        let size = bits > 0 ? "about 2^\(bits) values" : "a small set of values"
        return "\(column) is a unique key but rule `\(definition.name)` draws from \(size), so duplicates are "
            + "likely: use a bijective rule (fpe, card, email, tokenize...) or a lossy one with at least "
            + "2^\(Self.minimumUniqueOutputBits) outputs (hmac of 12+ hex digits, fake.email, fake.uuid)"
    }

    /// Rules that can write NULL only under some arguments (e.g. `fpe` with `short: null`).
    private func producesNull(_ definition: RuleDefinition, _ arguments: [String: ParameterValue]) -> Bool {
        arguments["short"] == .string("null")
    }

    private func nullPlans(for table: TableSchema, columns: [Column], problems: inout [PlanProblem]) -> [ColumnPlan] {
        guard let nullRule = rules.first(where: { $0.name == "null" }) else { return [] }
        var plans: [ColumnPlan] = []
        for column in columns where !column.isGenerated {
            if column.isNotNull {
                problems.append(
                    PlanProblem(
                        .unreviewedColumn,
                        "unreviewed column \(table.name).\(column.name) is NOT NULL, so "
                            + "on_unreviewed_column: null cannot apply; review it"))
                continue
            }
            plans.append(
                ColumnPlan(
                    column: column, definition: nullRule, arguments: [:],
                    domain: "\(domainOwner(of: table)).\(column.name)", location: nil))
        }
        return plans
    }

    /// `schema.table.column` of the table that owns the profile entry (the parent for a partition).
    func defaultDomain(of column: String, in table: TableSchema) -> String {
        "\(domainOwner(of: table)).\(column)"
    }
}

/// Stands in for the vault while a plan is checked: rules are built to validate them, never run.
struct UnusedTokenIssuer: TokenIssuer {
    func tokens(for values: [String], domain: String) throws -> [String] {
        throw VeilError(.internal, "planning never tokenizes")
    }
}

import Testing
import VeilConnectors
import VeilCore
import VeilProfile
import VeilTestSupport

@testable import VeilPipeline

/// The subset closure on a real SQLite file whose schema has a cycle (department ↔ employee), a self-reference
/// (employee.manager_id) and nullable foreign keys.
@Suite("Subset closure")
struct SubsetClosureTests {
    static func table(_ name: String) -> TableName { TableName(schema: "", name: name) }

    /// department(id, head_id → employee nullable); employee(id, department_id → department NOT NULL,
    /// manager_id → employee nullable); project(id, employee_id → employee NOT NULL).
    /// Employees 1...10: employee n reports to n - 1 (1 to nobody); odd ones in department 1, even in 2;
    /// department 1's head is employee 9, department 2's is employee 2. Project p belongs to employee p.
    static func makeDatabase(in directory: TemporaryDirectory) throws -> String {
        let department = TableSchema(
            name: table("department"),
            columns: [Column(name: "id", type: "integer", isNotNull: true), Column(name: "head_id", type: "integer")],
            primaryKey: ["id"],
            foreignKeys: [
                ForeignKey(
                    name: "fk_head", columns: ["head_id"], referencedTable: table("employee"),
                    referencedColumns: ["id"])
            ])
        let employee = TableSchema(
            name: table("employee"),
            columns: [
                Column(name: "id", type: "integer", isNotNull: true),
                Column(name: "department_id", type: "integer", isNotNull: true),
                Column(name: "manager_id", type: "integer"),
            ],
            primaryKey: ["id"],
            foreignKeys: [
                ForeignKey(
                    name: "fk_department", columns: ["department_id"], referencedTable: table("department"),
                    referencedColumns: ["id"]),
                ForeignKey(
                    name: "fk_manager", columns: ["manager_id"], referencedTable: table("employee"),
                    referencedColumns: ["id"]),
            ])
        let project = TableSchema(
            name: table("project"),
            columns: [
                Column(name: "id", type: "integer", isNotNull: true),
                Column(name: "employee_id", type: "integer", isNotNull: true),
            ],
            primaryKey: ["id"],
            foreignKeys: [
                ForeignKey(
                    name: "fk_employee", columns: ["employee_id"], referencedTable: table("employee"),
                    referencedColumns: ["id"])
            ])
        let lookup = TableSchema(
            name: table("colour"), columns: [Column(name: "id", type: "integer", isNotNull: true)], primaryKey: ["id"])
        let path = directory.file("source.sqlite")
        let writer = try SQLiteWriter(path: path)
        try writer.begin(schema: DatabaseSchema(tables: [department, employee, project, lookup]))
        func write(_ table: TableSchema, _ rows: [Row]) throws {
            try writer.write(.beginTable(TableData(table: table.name, columns: table.columns.map(\.name))))
            try writer.write(.rows(RowBatch(table: table.name, rows: rows, firstRowNumber: 1)))
            try writer.write(.endTable(table.name))
        }
        try write(department, [["1", "9"], ["2", "2"]])
        try write(employee, (1...10).map { ["\($0)", $0 % 2 == 1 ? "1" : "2", $0 == 1 ? nil : "\($0 - 1)"] })
        try write(project, (1...10).map { ["\($0)", "\($0)"] })
        try write(lookup, [["1"], ["2"]])
        try writer.finish()
        return path
    }

    /// Runs the closure, then streams the source through its filters: table → rows.
    static func snapshot(
        _ path: String, roots: [String: SubsetSelection], options: SubsetOptions = SubsetOptions()
    ) throws -> (rows: [String: [Row]], result: SubsetClosure.Result) {
        let reader = try SQLiteReader(path: path)
        let schema = try reader.schema()
        let closure = SubsetClosure(
            schema: schema, source: reader,
            roots: Dictionary(uniqueKeysWithValues: roots.map { (table($0.key), $0.value) }), options: options)
        let result = try closure.compute()
        for (name, filter) in result.filters { reader.setRowFilter(filter, for: name) }
        var rows: [String: [Row]] = [:]
        while let item = try reader.next() {
            switch item {
            case .beginTable(let data): rows[data.table.name] = []
            case .rows(let batch): rows[batch.table.name, default: []] += batch.rows
            default: break
            }
        }
        return (rows, result)
    }

    /// Every non-NULL foreign key value of the snapshot has its referenced row in the snapshot.
    static func foreignKeysHold(_ rows: [String: [Row]]) -> Bool {
        let employees = Set(rows["employee", default: []].map { $0[0]! })
        let departments = Set(rows["department", default: []].map { $0[0]! })
        return rows["department", default: []].allSatisfy { $0[1].map(employees.contains) ?? true }
            && rows["employee", default: []].allSatisfy {
                departments.contains($0[1]!) && ($0[2].map(employees.contains) ?? true)
            }
            && rows["project", default: []].allSatisfy { employees.contains($0[1]!) }
    }

    static func ids(_ rows: [String: [Row]], _ table: String) -> Set<Int> {
        Set(rows[table, default: []].map { Int($0[0]!)! })
    }

    @Test("parents are closed over through the cycle and the self-reference; unreached tables are empty")
    func parentsThroughCycle() throws {
        let directory = TemporaryDirectory("veil-subset")
        let path = try Self.makeDatabase(in: directory)
        let (rows, result) = try Self.snapshot(path, roots: ["employee": SubsetSelection(condition: "id = 4")])
        #expect(Self.foreignKeysHold(rows))
        // 4 → manager 3 → 2 → 1; departments 1 and 2; their heads 9 and 2; 9 → 8 → ... → 1.
        #expect(Self.ids(rows, "employee") == Set(1...9))
        #expect(Self.ids(rows, "department") == [1, 2])
        #expect(rows["project", default: []].isEmpty)
        #expect(rows["colour", default: []].isEmpty)
        #expect(result.rowCounts[Self.table("employee")] == 9)
    }

    @Test("include_children follows children down from the roots only, never from rows taken as parents")
    func childrenFromRootsOnly() throws {
        let directory = TemporaryDirectory("veil-subset")
        let path = try Self.makeDatabase(in: directory)
        let (rows, _) = try Self.snapshot(
            path, roots: ["department": SubsetSelection(condition: "id = 2")],
            options: SubsetOptions(includeChildren: true))
        #expect(Self.foreignKeysHold(rows))
        // Department 2's employees (even) and, as their children, their reports (all: each reports to n - 1) and
        // projects; the parents they need come too.
        #expect(Self.ids(rows, "employee") == Set(1...10))
        #expect(Self.ids(rows, "project") == Set(1...10))

        let (fromProject, _) = try Self.snapshot(
            path, roots: ["project": SubsetSelection(condition: "id = 3")],
            options: SubsetOptions(includeChildren: true))
        #expect(Self.foreignKeysHold(fromProject))
        // Project 3 needs employee 3 (→ 2 → 1, departments, head 9 → ... → 1), but no other project: the
        // employees came as parents, whose children are not followed.
        #expect(Self.ids(fromProject, "project") == [3])
    }

    @Test("a cap writes NULL into a nullable foreign key instead of pulling its parent; NOT NULL parents still come")
    func capBreaksNullableKeys() throws {
        let directory = TemporaryDirectory("veil-subset")
        let path = try Self.makeDatabase(in: directory)
        let (rows, _) = try Self.snapshot(
            path, roots: ["employee": SubsetSelection(condition: "id >= 7")],
            options: SubsetOptions(maxRowsPerTable: 4))
        #expect(Self.foreignKeysHold(rows))
        #expect(Self.ids(rows, "employee").isSuperset(of: [7, 8, 9, 10]))
        #expect(Self.ids(rows, "department") == [1, 2])
        let nulled = rows["employee", default: []].filter { $0[2] == nil }.map { Int($0[0]!)! }
        #expect(!nulled.isEmpty)
        #expect(rows["employee", default: []].count < 10)
    }

    @Test("percent picks the same rows every time, about the share asked; limit caps the roots")
    func percentAndLimit() throws {
        let directory = TemporaryDirectory("veil-subset")
        let path = try Self.makeDatabase(in: directory)
        let first = try Self.snapshot(path, roots: ["project": SubsetSelection(percent: 50)])
        let second = try Self.snapshot(path, roots: ["project": SubsetSelection(percent: 50)])
        #expect(Self.ids(first.rows, "project") == Self.ids(second.rows, "project"))
        #expect((1...9).contains(Self.ids(first.rows, "project").count))
        #expect(Self.foreignKeysHold(first.rows))
        let limited = try Self.snapshot(path, roots: ["project": SubsetSelection(condition: "id > 2", limit: 3)])
        #expect(Self.ids(limited.rows, "project") == [3, 4, 5])
    }
}

import Foundation
import Testing
import VeilCore
import VeilTestSupport

@testable import VeilPipeline

@Suite("schema lock file")
struct SchemaLockTests {
    static let schema = DatabaseSchema(tables: [
        TableSchema(
            name: TableName(schema: "public", name: "orders"),
            columns: [
                Column(name: "id", type: "integer", isNotNull: true),
                Column(name: "note \"quoted\"\\", type: "text"),
            ],
            primaryKey: ["id"]),
        TableSchema(
            name: TableName(schema: "public", name: "customers"),
            columns: [
                Column(name: "id", type: "integer", isNotNull: true),
                Column(name: "email", type: "character varying(50)"),
            ],
            primaryKey: ["id"]),
        TableSchema(name: TableName(schema: "audit", name: "events"), columns: []),
    ])

    @Test("the lock path is the profile's with .lock for its extension")
    func lockPath() {
        #expect(SchemaLockFile.path(forProfile: "Profiles/shop.yaml") == "Profiles/shop.lock")
        #expect(SchemaLockFile.path(forProfile: "/a/b.c/pagila.yml") == "/a/b.c/pagila.lock")
        #expect(SchemaLockFile.path(forProfile: "shop.yaml") == "shop.lock")
        #expect(SchemaLockFile.path(forProfile: "dir/profile") == "dir/profile.lock")
    }

    @Test("a lock written and read back is the same schema: no drift, same tables, types, NOT NULL and keys")
    func roundTrip() throws {
        let directory = TemporaryDirectory()
        let profile = directory.write("version: 1\n", to: "shop.yaml")
        let path = try SchemaLockFile.write(Self.schema, defaultSchema: "public", besideProfile: profile)
        #expect(path == directory.file("shop.lock"))
        let read = try #require(try SchemaLockFile.read(besideProfile: profile))
        let expected = SchemaLock(schema: Self.schema, defaultSchema: "public")
        #expect(read == expected)
        #expect(read.tables.map(\.name.description) == ["audit.events", "public.customers", "public.orders"])
        #expect(
            read.table(named: TableName(schema: "public", name: "orders"))?.columns.map(\.name) == [
                "id", "note \"quoted\"\\",
            ])
        #expect(SchemaDrift(locked: read, current: expected).isEmpty)
    }

    @Test("the bytes are deterministic, sorted, one line per column, versioned, and hold no source")
    func deterministicBytes() throws {
        let first = SchemaLockCoding.encode(SchemaLock(schema: Self.schema, defaultSchema: "public"))
        let reordered = DatabaseSchema(tables: Self.schema.tables.reversed())
        let second = SchemaLockCoding.encode(SchemaLock(schema: reordered, defaultSchema: "public"))
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(
            text.contains(
                "        {\"name\": \"email\", \"not_null\": false, \"type\": \"character varying(50)\"}"))
        #expect(text.contains("\"veil_schema_lock\": 1\n}\n"))
        // Valid JSON whose keys are in sorted order at the top level.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first)) as? [String: Any])
        #expect(object["veil_schema_lock"] as? Int == 1)
        let keyOrder = ["\"default_schema\"", "\"tables\"", "\"veil_schema_lock\""].map {
            text.range(of: $0)!.lowerBound
        }
        #expect(keyOrder == keyOrder.sorted())
    }

    @Test("the file is mode 0600 and the atomic write leaves no temporary file behind")
    func modeAndAtomicity() throws {
        let directory = TemporaryDirectory()
        let profile = directory.write("version: 1\n", to: "p.yaml", permissions: 0o644)
        let path = try SchemaLockFile.write(Self.schema, defaultSchema: "public", besideProfile: profile)
        // Rewriting replaces the file in place.
        try SchemaLockFile.write(DatabaseSchema(), defaultSchema: "public", besideProfile: profile)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try directory.contents() == ["p.lock", "p.yaml"])
        #expect(try SchemaLockFile.read(path)?.tables.isEmpty == true)
    }

    @Test("no lock reads as nil; a malformed or future lock is a usage error naming the file")
    func missingAndInvalid() throws {
        let directory = TemporaryDirectory()
        #expect(try SchemaLockFile.read(directory.file("none.lock")) == nil)
        let broken = directory.write("{ not json", to: "broken.lock")
        #expect(throws: VeilError.self) { try SchemaLockFile.read(broken) }
        do {
            _ = try SchemaLockFile.read(broken)
        } catch let error as VeilError {
            #expect(error.code.exitCode == 64)
            #expect(error.message.contains(broken))
        }
        let future = directory.write("{\"veil_schema_lock\": 2}", to: "future.lock")
        do {
            _ = try SchemaLockFile.read(future)
            Issue.record("a format-2 lock was accepted")
        } catch let error as VeilError {
            #expect(error.message.contains("format 2"))
        }
    }

    @Test("verify: no lock is .missing; a matching lock is .matched; drift throws exit 3")
    func verify() throws {
        let directory = TemporaryDirectory()
        let profile = directory.write("version: 1\n", to: "p.yaml")
        #expect(
            try SchemaDriftCheck.verify(profilePath: profile, schema: Self.schema, defaultSchema: "public")
                == .missing(path: directory.file("p.lock")))
        _ = try SchemaDriftCheck.accept(profilePath: profile, schema: Self.schema, defaultSchema: "public")
        #expect(
            try SchemaDriftCheck.verify(profilePath: profile, schema: Self.schema, defaultSchema: "public")
                == .matched(path: directory.file("p.lock"), tables: 3))
        var changed = Self.schema
        changed.modify(TableName(schema: "public", name: "customers")) {
            $0.columns.append(Column(name: "phone", type: "text"))
        }
        do {
            try SchemaDriftCheck.verify(profilePath: profile, schema: changed, defaultSchema: "public")
            Issue.record("drift was not reported")
        } catch let error as VeilError {
            #expect(error.code.exitCode == 3)
            #expect(error.message.contains("new column public.customers.phone (text)"))
        }
    }
}

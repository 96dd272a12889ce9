import Foundation
import VeilCore

/// The lock's JSON form: stable and human-diffable.
///
/// Keys sorted at every level, two-space indentation, one line per column (`{"name": ..., "not_null": ...,
/// "type": ...}`), a trailing newline. The same schema always gives the same bytes, so a review diff shows only
/// what changed.
enum SchemaLockCoding {
    /// The file's bytes.
    static func encode(_ lock: SchemaLock) -> [UInt8] {
        var lines: [String] = ["{"]
        lines.append("  \"default_schema\": \(quoted(lock.defaultSchema)),")
        if lock.tables.isEmpty {
            lines.append("  \"tables\": [],")
        } else {
            lines.append("  \"tables\": [")
            for (tableIndex, table) in lock.tables.enumerated() {
                lines.append("    {")
                if table.columns.isEmpty {
                    lines.append("      \"columns\": [],")
                } else {
                    lines.append("      \"columns\": [")
                    for (index, column) in table.columns.enumerated() {
                        let separator = index == table.columns.count - 1 ? "" : ","
                        lines.append(
                            "        {\"name\": \(quoted(column.name)), \"not_null\": \(column.isNotNull), "
                                + "\"type\": \(quoted(column.type))}\(separator)")
                    }
                    lines.append("      ],")
                }
                lines.append("      \"name\": \(quoted(table.name.name)),")
                let key = table.primaryKey.map { "[" + $0.map(quoted).joined(separator: ", ") + "]" } ?? "null"
                lines.append("      \"primary_key\": \(key),")
                lines.append("      \"schema\": \(quoted(table.name.schema))")
                lines.append(tableIndex == lock.tables.count - 1 ? "    }" : "    },")
            }
            lines.append("  ],")
        }
        lines.append("  \"veil_schema_lock\": \(SchemaLock.formatVersion)")
        lines.append("}")
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Parses a lock file's bytes; `file` names it in errors (exit 64: the lock is configuration, like a profile).
    static func decode(_ bytes: [UInt8], file: String) throws -> SchemaLock {
        let invalid = VeilError(
            .usage,
            "\(file) is not a valid schema lock file; rewrite it with `veil check PROFILE --update-lock` after "
                + "reviewing the profile")
        guard let version = try? JSONDecoder().decode(VersionForm.self, from: Data(bytes)).version else {
            throw invalid
        }
        guard version == SchemaLock.formatVersion else {
            throw VeilError(
                .usage,
                "\(file) is schema lock format \(version); this Veil reads format \(SchemaLock.formatVersion)")
        }
        guard let document = try? JSONDecoder().decode(FileForm.self, from: Data(bytes)) else { throw invalid }
        return SchemaLock(
            defaultSchema: document.defaultSchema,
            tables: document.tables.map { table in
                SchemaLock.LockedTable(
                    name: TableName(schema: table.schema, name: table.name),
                    columns: table.columns.map { .init(name: $0.name, type: $0.type, isNotNull: $0.notNull) },
                    primaryKey: table.primaryKey)
            })
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private struct VersionForm: Decodable {
        var version: Int?
        enum CodingKeys: String, CodingKey { case version = "veil_schema_lock" }
    }

    /// The decoded shape, with the file's key names.
    private struct FileForm: Decodable {
        var defaultSchema: String
        var tables: [TableForm]
        enum CodingKeys: String, CodingKey {
            case defaultSchema = "default_schema"
            case tables
        }
    }

    private struct TableForm: Decodable {
        var schema: String
        var name: String
        var columns: [ColumnForm]
        var primaryKey: [String]?
        enum CodingKeys: String, CodingKey {
            case schema, name, columns
            case primaryKey = "primary_key"
        }
    }

    private struct ColumnForm: Decodable {
        var name: String
        var type: String
        var notNull: Bool
        enum CodingKeys: String, CodingKey {
            case name, type
            case notNull = "not_null"
        }
    }
}

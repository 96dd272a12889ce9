import SQLiteDriver
import VeilCore

/// Binds a travelling field to a statement parameter.
///
/// A field that carries its source's storage class (a SQLite source) is bound as that class: an integer as a
/// 64-bit integer (exact past 2^53), a real as a double (`Infinity` as the infinity), text as text (even `\x41`), a
/// blob as its bytes, so the stored value and its `typeof()` are the source's whatever the column's declared type.
/// A field without one (another source, or a masked value) is bound by the column's ``SQLiteColumnMapping/Binding``.
enum SQLiteFieldBinding {
    static func bind(
        _ field: Field, storageClass: StorageClass, binding: SQLiteColumnMapping.Binding,
        to statement: SQLiteStatement, at index: Int
    ) throws {
        guard let field else {
            try statement.bindNull(at: index)
            return
        }
        switch storageClass {
        case .integer:
            if let value = Int64(field) { return try statement.bind(int64: value, at: index) }
        case .real:
            if let value = SQLiteValueText.double(field) { return try statement.bind(double: value, at: index) }
        case .text:
            return try statement.bind(text: field, at: index)
        case .blob:
            if let bytes = SQLiteValueText.bytes(fromBytea: field) { return try statement.bind(blob: bytes, at: index) }
        case .unknown:
            break
        }
        switch binding {
        case .text:
            try statement.bind(text: field, at: index)
        case .bytea:
            if let bytes = SQLiteValueText.bytes(fromBytea: field) {
                try statement.bind(blob: bytes, at: index)
            } else {
                try statement.bind(text: field, at: index)
            }
        case .boolean:
            if let value = SQLiteValueText.boolean(field) {
                try statement.bind(int64: value, at: index)
            } else {
                try statement.bind(text: field, at: index)
            }
        case .number:
            if field == "Infinity" || field == "-Infinity" {
                try statement.bind(double: field == "Infinity" ? .infinity : -.infinity, at: index)
            } else {
                try statement.bind(text: field, at: index)
            }
        }
    }
}

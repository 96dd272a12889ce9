/// The storage class a field had in a source whose values carry one (SQLite), so that a sink able to store it again
/// stores the same value: an integer stays an integer in an untyped column, a blob stays a blob in a TEXT column.
///
/// The field's text is then the class's own rendering: an integer in decimal, a real in its shortest round-tripping
/// form (`Infinity`, `-Infinity` for the infinities), text as it is, a blob as `\x` and lowercase hex.
public enum StorageClass: UInt8, Sendable {
    /// Not known (a source without storage classes, or a masked value): a sink stores the text by the column's type.
    case unknown = 0
    case integer
    case real
    case text
    case blob
}

/// The storage classes of a batch's fields, row by row in the order of the batch's rows.
public struct StorageClasses: Sendable, Equatable {
    /// Fields per row.
    public let width: Int
    private var classes: [StorageClass]

    /// No rows yet; room for `capacity` rows.
    public init(width: Int, capacity: Int = 0) {
        self.width = width
        classes = []
        classes.reserveCapacity(width * capacity)
    }

    /// Rows held.
    public var rowCount: Int { width == 0 ? 0 : classes.count / width }

    /// Appends the classes of the next row's field (called `width` times per row).
    public mutating func append(_ storageClass: StorageClass) {
        classes.append(storageClass)
    }

    /// The class of field `column` of row `row` (`.unknown` outside the batch).
    public subscript(row: Int, column: Int) -> StorageClass {
        let index = row * width + column
        guard column >= 0, column < width, index >= 0, index < classes.count else { return .unknown }
        return classes[index]
    }

    /// Marks field `column` of row `row` as `.unknown`: its value was replaced (masked), its text is all there is.
    public mutating func forget(row: Int, column: Int) {
        let index = row * width + column
        guard column >= 0, column < width, index >= 0, index < classes.count else { return }
        classes[index] = .unknown
    }

    /// Marks every row's field `column` as `.unknown`: its values were replaced (masked), their text is all there is.
    public mutating func forget(column: Int) {
        guard column >= 0, column < width else { return }
        var index = column
        while index < classes.count {
            classes[index] = .unknown
            index += width
        }
    }
}

import Foundation
import VeilMasking

/// What `veil scan` learned from one column's sampled values: counts and shares only. No value is kept — not
/// even for distinctness, which is counted by hash.
public struct ColumnSample: Sendable {
    /// Rows sampled (NULLs included).
    public private(set) var rows = 0
    public private(set) var nonNull = 0
    /// Non-NULL values that are not empty.
    public private(set) var nonEmpty = 0
    /// The longest value, in Unicode scalars (as `varchar(n)` counts).
    public private(set) var maximumLength = 0
    private var totalLength = 0
    private var hashes: Set<Int> = []
    /// Non-empty values that are wholly one kind of personal data, by kind.
    public private(set) var wholeKinds: [PersonalValueKind: Int] = [:]
    /// Non-empty values that contain personal data without being wholly one kind.
    public private(set) var containingPII = 0
    /// Non-empty values that read as a person's name, by shape.
    public private(set) var nameShapes: [PersonNameShape: Int] = [:]
    public private(set) var numeric = 0
    public private(set) var booleanLike = 0
    /// Values that start with an ISO date (`YYYY-MM-DD`), and of those, how many fall in a birth range.
    public private(set) var dates = 0
    public private(set) var birthRangeDates = 0
    /// Values of hex digits only (password hashes), and values with six or more digits (phone numbers).
    public private(set) var hexOnly = 0
    public private(set) var manyDigits = 0
    /// Values that are JSON documents (an object or an array): a text column of them is JSON to `veil scan`.
    public private(set) var jsonDocuments = 0

    /// Years a birth date plausibly falls in: 1900 to sixteen years ago.
    let birthYears: ClosedRange<Int>

    public init(currentYear: Int = Calendar(identifier: .gregorian).component(.year, from: Date())) {
        birthYears = 1900...(currentYear - 16)
    }

    /// Longest prefix of a value the detectors look at (free text can be long).
    static let inspectedBytes = 4096

    /// - Parameter isDocument: whether the value is a JSON document, when the caller has parsed it already (the
    ///   sampler parses JSON and text columns for their leaves); nil to find out here.
    public mutating func add(_ value: String?, classifier: ValueClassifier, isDocument: Bool? = nil) {
        rows += 1
        guard let value else { return }
        nonNull += 1
        guard !value.isEmpty else { return }
        nonEmpty += 1
        let length = value.unicodeScalars.count
        totalLength += length
        maximumLength = max(maximumLength, length)
        hashes.insert(value.hashValue)
        let inspected =
            value.utf8.count > Self.inspectedBytes
            ? String(decoding: value.utf8.prefix(Self.inspectedBytes), as: UTF8.self) : value
        if let kind = classifier.wholeValueKind(inspected) {
            wholeKinds[kind, default: 0] += 1
        } else if !classifier.containedKinds(inspected).isEmpty {
            containingPII += 1
        }
        if let shape = classifier.personNameShape(inspected) { nameShapes[shape, default: 0] += 1 }
        if Double(value.trimmingCharacters(in: .whitespaces)) != nil { numeric += 1 }
        if ["t", "f", "true", "false"].contains(value.lowercased()) { booleanLike += 1 }
        if let year = Self.isoDateYear(value) {
            dates += 1
            if birthYears.contains(year) { birthRangeDates += 1 }
        }
        if value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) { hexOnly += 1 }
        if value.utf8.filter({ $0 >= 0x30 && $0 <= 0x39 }).count >= 6 { manyDigits += 1 }
        if isDocument ?? JSONStringLeavesTransformer.isDocument(value) { jsonDocuments += 1 }
    }

    /// Distinct non-empty values over non-empty values (0 when none).
    public var distinctRatio: Double { nonEmpty == 0 ? 0 : Double(hashes.count) / Double(nonEmpty) }
    public var distinctCount: Int { hashes.count }
    public var averageLength: Double { nonEmpty == 0 ? 0 : Double(totalLength) / Double(nonEmpty) }

    /// The share of non-empty values counted by `count`.
    public func share(_ count: Int) -> Double { nonEmpty == 0 ? 0 : Double(count) / Double(nonEmpty) }

    /// The kind most non-empty values wholly are, with its share.
    public var dominantKind: (kind: PersonalValueKind, share: Double)? {
        guard let (kind, count) = wholeKinds.max(by: { $0.value < $1.value }) else { return nil }
        return (kind, share(count))
    }

    /// Share of non-empty values that read as a person's name of any shape.
    public var nameShare: Double { share(nameShapes.values.reduce(0, +)) }

    /// Share of values that contain personal data (wholly or inside text).
    public var piiShare: Double { share(containingPII + wholeKinds.values.reduce(0, +)) }

    /// The year of a value starting `YYYY-MM-DD`.
    static func isoDateYear(_ value: String) -> Int? {
        let bytes = Array(value.utf8.prefix(11))
        guard bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
            bytes.count == 10 || bytes[10] == 0x20 || bytes[10] == 0x54,
            [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy({ bytes[$0] >= 0x30 && bytes[$0] <= 0x39 })
        else { return nil }
        return bytes[0..<4].reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}

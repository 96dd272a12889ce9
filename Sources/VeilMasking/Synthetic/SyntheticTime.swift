/// Dates, times and timestamps for the `fake.date*` and `fake.time` kinds: bound parsing, column kinds
/// and ISO formatting.
enum SyntheticTime {
    /// What a declared column type holds, for kinds that write dates or times.
    enum ColumnKind: Equatable {
        case date, timestamp, time, other
    }

    /// `date`, `timestamp[(p)] [with[out] time zone]`, `timestamptz`, `time[tz]`, or other (text, numbers...).
    static func columnKind(_ declared: String) -> ColumnKind {
        var text = declared.lowercased().filter { $0 != "\"" }
        if text.hasPrefix("pg_catalog.") { text.removeFirst("pg_catalog.".count) }
        if text.hasPrefix("timestamp") || text.hasPrefix("datetime") { return .timestamp }
        if text.hasPrefix("date") { return .date }
        if text.hasPrefix("time") { return .time }
        return .other
    }

    /// Seconds since 1970-01-01 00:00:00 of `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]` (space or `T`), or
    /// `nil` when the text is neither.
    static func parseBound(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard let date = DateText(bytes) else { return nil }
        let days = date.date.daysSinceEpoch
        let rest = Array(date.rest)
        if rest.isEmpty { return days * 86_400 }
        guard let seconds = secondsOfDay(Array(rest.dropFirst())), rest.count <= 9 else { return nil }
        return days * 86_400 + seconds
    }

    /// Seconds since midnight of `HH:MM` or `HH:MM:SS`, or `nil`.
    static func secondsOfDay(_ bytes: [UInt8]) -> Int? {
        guard bytes.count == 5 || bytes.count == 8, bytes[2] == 0x3A, bytes.count == 5 || bytes[5] == 0x3A else {
            return nil
        }
        let fields = stride(from: 0, to: bytes.count, by: 3).map { Array(bytes[$0..<$0 + 2]) }
        var numbers: [Int] = []
        for field in fields {
            guard field.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            numbers.append(Int(field[0] - 0x30) * 10 + Int(field[1] - 0x30))
        }
        guard numbers[0] < 24, numbers[1] < 60, numbers.count < 3 || numbers[2] < 60 else { return nil }
        return numbers[0] * 3600 + numbers[1] * 60 + (numbers.count == 3 ? numbers[2] : 0)
    }

    /// `YYYY-MM-DD` (the year padded to four digits; years before 1 are refused by the rules' bounds).
    static func isoDate(_ date: CivilDate) -> String {
        ComposedText.compose(capacity: 24) { text in appendDate(date, to: &text) }
    }

    /// `HH:MM:SS` of a second of the day.
    static func isoTime(_ seconds: Int) -> String {
        ComposedText.compose(capacity: 64) { text in appendTime(seconds, to: &text) }
    }

    /// `YYYY-MM-DD HH:MM:SS` of seconds since the epoch.
    static func isoDateTime(_ seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return ComposedText.compose(capacity: 33) { text in
            appendDate(CivilDate(daysSinceEpoch: days), to: &text)
            text.append(ascii: 0x20)
            appendTime(seconds - days * 86_400, to: &text)
        }
    }

    private static func appendDate(_ date: CivilDate, to text: inout ComposedText) {
        appendPadded(date.year, 4, to: &text)
        text.append(ascii: 0x2D)
        appendPadded(date.month, 2, to: &text)
        text.append(ascii: 0x2D)
        appendPadded(date.day, 2, to: &text)
    }

    private static func appendTime(_ seconds: Int, to text: inout ComposedText) {
        appendPadded(seconds / 3600, 2, to: &text)
        text.append(ascii: 0x3A)
        appendPadded(seconds / 60 % 60, 2, to: &text)
        text.append(ascii: 0x3A)
        appendPadded(seconds % 60, 2, to: &text)
    }

    /// `value` with zeros before it up to `width` characters, its minus sign counted (`-5`, 4 → `00-5`).
    private static func appendPadded(_ value: Int, _ width: Int, to text: inout ComposedText) {
        guard value < 0 else { return text.append(decimal: value, width: width) }
        let digits = String(value)
        for _ in digits.utf8.count..<max(width, digits.utf8.count) { text.append(ascii: 0x30) }
        text.append(digits)
    }

    /// The date `years` before `date` on the same month and day (29 February becomes 28 February).
    static func yearsBefore(_ date: CivilDate, _ years: Int) -> CivilDate {
        let year = date.year - years
        return CivilDate(
            year: year, month: date.month, day: min(date.day, CivilDate.daysInMonth(year: year, month: date.month)))
    }

    /// Whole years between `birth` and `date` (a person's age on `date`).
    static func age(born birth: CivilDate, on date: CivilDate) -> Int {
        let beforeBirthday = (date.month, date.day) < (birth.month, birth.day)
        return date.year - birth.year - (beforeBirthday ? 1 : 0)
    }

    /// A required date bound parameter, as days since the epoch, refusing dates before year 1.
    static func dateParameter(_ context: RuleContext, _ name: String) throws(RuleConfigurationError) -> Int {
        let text = context.string(name) ?? ""
        guard let date = DateText(Array(text.utf8)), date.rest.isEmpty, date.date.year >= 1 else {
            throw RuleConfigurationError("\(name) must be a date written YYYY-MM-DD")
        }
        return date.date.daysSinceEpoch
    }

    /// ⌊log2(count)⌋ for a positive count: the output bits of a uniform draw among `count` values.
    static func log2(_ count: Int) -> Int {
        count.bitWidth - count.leadingZeroBitCount - 1
    }
}

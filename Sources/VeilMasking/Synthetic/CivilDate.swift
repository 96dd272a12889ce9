/// A proleptic Gregorian calendar date (PostgreSQL's calendar), with day arithmetic.
///
/// Years are astronomical: 1 BC is year 0, 2 BC is year -1. Conversions use Howard Hinnant's
/// `days_from_civil` / `civil_from_days` algorithms, exact for every year.
struct CivilDate: Equatable {
    var year: Int
    var month: Int
    var day: Int

    /// Whether `year-month-day` exists in the calendar.
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= daysInMonth(year: year, month: month)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days since 1970-01-01.
    var daysSinceEpoch: Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// This date moved by `days` (negative moves back).
    func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + days)
    }
}

/// A date or timestamp in PostgreSQL's ISO text form: the `YYYY-MM-DD` date at the start, whatever
/// follows it (a time, fraction, zone, or nothing), and an optional trailing ` BC`.
///
/// Accepted: `2022-02-15`, `2022-02-15 10:30:00`, `2022-02-15 10:30:00.123+00`,
/// `2022-02-15T10:30:00Z`, `0044-03-15 BC`, and years of more than four digits.
struct DateText {
    /// The date, astronomical year.
    var date: CivilDate
    /// The bytes after the date and before any ` BC`, kept verbatim.
    var rest: ArraySlice<UInt8>

    /// Parses `bytes`, or returns `nil` when they do not start with a valid ISO date.
    init?(_ bytes: [UInt8]) {
        var end = bytes.count
        var isBC = false
        if end >= 3, bytes[(end - 3)...].elementsEqual(" BC".utf8) {
            isBC = true
            end -= 3
        }
        var index = 0
        var year = 0
        while index < end, (0x30...0x39).contains(bytes[index]), index < 9 {
            year = year * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        guard index >= 4, index + 6 <= end, bytes[index] == 0x2D, bytes[index + 3] == 0x2D,
            let month = Self.twoDigits(bytes[index + 1], bytes[index + 2]),
            let day = Self.twoDigits(bytes[index + 4], bytes[index + 5])
        else { return nil }
        index += 6
        guard index == end || bytes[index] == 0x20 || bytes[index] == 0x54 else { return nil }
        if isBC {
            guard year >= 1 else { return nil }
            year = 1 - year
        }
        guard CivilDate.isValid(year: year, month: month, day: day) else { return nil }
        date = CivilDate(year: year, month: month, day: day)
        rest = bytes[index..<end]
    }

    /// The text with the date replaced (year padded to four digits, as PostgreSQL writes it), the rest
    /// kept verbatim, and ` BC` as the new year needs.
    func formatted(with newDate: CivilDate) -> String {
        let isBC = newDate.year <= 0
        let year = isBC ? 1 - newDate.year : newDate.year
        return ComposedText.compose(capacity: rest.count + 32) { text in
            text.append(decimal: year, width: 4)
            text.append(ascii: 0x2D)
            text.append(decimal: newDate.month, width: 2)
            text.append(ascii: 0x2D)
            text.append(decimal: newDate.day, width: 2)
            rest.withUnsafeBufferPointer { text.append(bytes: $0) }
            if isBC { for byte in " BC".utf8 { text.append(ascii: byte) } }
        }
    }

    private static func twoDigits(_ tens: UInt8, _ ones: UInt8) -> Int? {
        guard (0x30...0x39).contains(tens), (0x30...0x39).contains(ones) else { return nil }
        return Int(tens - 0x30) * 10 + Int(ones - 0x30)
    }
}

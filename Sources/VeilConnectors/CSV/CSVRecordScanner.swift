import VeilCore
import VeilFiles

/// One field of a scanned record: where its bytes are in the window, and how they were written.
struct CSVFieldSpan {
    /// Offset of the field's first content byte (after an opening quote).
    var start: Int
    /// Offset just past the field's last content byte (before a closing quote).
    var end: Int
    /// Written between quotes: an empty quoted field is the empty string, an empty unquoted one is NULL.
    var quoted: Bool
    /// Holds `""` pairs that stand for one quote each.
    var hasEscapedQuotes: Bool
}

/// Why a record could not be scanned. Carries positions, never bytes of the data.
enum CSVScanError: Error {
    /// The input ended inside a quoted field (a truncated file).
    case unterminatedQuote
    /// A closing quote was followed by something other than a comma or a line end.
    case characterAfterQuote
    case io(Errno)
}

/// Splits a byte stream into RFC 4180 records, one at a time, without copying or decoding.
///
/// Fields are separated by commas and records by LF or CRLF. A quoted field may hold commas, quotes written
/// as `""`, CR and LF. A quote inside an unquoted field is taken literally, and so is a CR not followed by
/// LF. The last record may lack a line end. Field spans point into the ``ByteWindow`` and stay valid until
/// ``consumeRecord()``; a record that runs past the bytes read so far is rescanned after reading more, so a
/// record is always one contiguous span and memory is bounded by the chunk size plus the largest record.
final class CSVRecordScanner {
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    let window: ByteWindow
    /// The fields of the last scanned record.
    private(set) var fields: [CSVFieldSpan] = []
    /// Bytes of the last scanned record, its line end included.
    private(set) var recordLength = 0
    /// How many line ends the last record's bytes hold (its own and those inside quoted fields).
    private(set) var lineFeeds = 0

    /// The quote byte (`"` by default).
    private let quote: UInt8
    /// The field separator (`,` by default).
    private let comma: UInt8

    init(window: ByteWindow, dialect: CSVDialect = .standard) {
        self.window = window
        self.quote = dialect.quote
        self.comma = dialect.delimiter
        fields.reserveCapacity(64)
    }

    /// Skips a UTF-8 byte order mark at the current position, if there is one.
    func skipByteOrderMark() throws(CSVScanError) {
        do {
            _ = try window.ensure(3)
        } catch {
            throw .io(error)
        }
        let bytes = window.bytes
        if window.available >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            window.consume(3)
        }
    }

    /// Scans the next record into ``fields``. Returns false at the end of the input.
    func scanRecord() throws(CSVScanError) -> Bool {
        while true {
            switch scanAvailable() {
            case .complete:
                lineFeeds = window.bytes.count(of: Self.lineFeed, from: 0, to: recordLength)
                return true
            case .empty:
                return false
            case .needMore:
                do {
                    if try window.fill() { continue }
                } catch {
                    throw .io(error)
                }
                // The input ended: scan once more knowing that no byte will follow.
                switch scanAvailable() {
                case .complete:
                    lineFeeds = window.bytes.count(of: Self.lineFeed, from: 0, to: recordLength)
                    return true
                case .empty: return false
                case .needMore: throw .unterminatedQuote
                case .failed(let error): throw error
                }
            case .failed(let error):
                throw error
            }
        }
    }

    /// Drops the last scanned record's bytes.
    func consumeRecord() {
        window.consume(recordLength)
        recordLength = 0
    }

    private enum Outcome {
        case complete
        case empty
        case needMore
        case failed(CSVScanError)
    }

    /// Scans one record from the start of the available bytes. At the end of the input (`window.isFinal`) the
    /// last field and record end where the bytes end; otherwise running out of bytes asks for more.
    private func scanAvailable() -> Outcome {
        let bytes = window.bytes
        let count = window.available
        let final = window.isFinal
        // Work on a local array (swapped back on return) to spare an exclusivity check per field.
        var fields: [CSVFieldSpan] = []
        swap(&fields, &self.fields)
        defer { swap(&fields, &self.fields) }
        fields.removeAll(keepingCapacity: true)
        if count == 0 { return final ? .empty : .needMore }
        var index = 0
        while true {
            // One field starts at `index`.
            if index < count && bytes[index] == quote {
                let start = index + 1
                var cursor = start
                var escaped = false
                while true {
                    guard let closing = bytes.firstIndex(of: quote, from: cursor, to: count) else {
                        return .needMore
                    }
                    if closing + 1 < count && bytes[closing + 1] == quote {
                        escaped = true
                        cursor = closing + 2
                        continue
                    }
                    if closing + 1 == count && !final { return .needMore }
                    fields.append(CSVFieldSpan(start: start, end: closing, quoted: true, hasEscapedQuotes: escaped))
                    index = closing + 1
                    break
                }
                // After a closing quote: a comma, a line end or the end of the input.
                if index == count {
                    recordLength = index
                    return .complete
                }
                switch bytes[index] {
                case comma:
                    index += 1
                    continue
                case Self.lineFeed:
                    recordLength = index + 1
                    return .complete
                case Self.carriageReturn:
                    if index + 1 == count {
                        if !final { return .needMore }
                        recordLength = index + 1
                        return .complete
                    }
                    if bytes[index + 1] == Self.lineFeed {
                        recordLength = index + 2
                        return .complete
                    }
                    return .failed(.characterAfterQuote)
                default:
                    return .failed(.characterAfterQuote)
                }
            }
            // An unquoted field: up to a comma, LF, CRLF or the end of the input.
            let start = index
            while index < count {
                let byte = bytes[index]
                if byte == comma || byte == Self.lineFeed { break }
                if byte == Self.carriageReturn {
                    if index + 1 == count {
                        if !final { return .needMore }
                        break
                    }
                    if bytes[index + 1] == Self.lineFeed { break }
                }
                index += 1
            }
            if index == count && !final { return .needMore }
            fields.append(CSVFieldSpan(start: start, end: index, quoted: false, hasEscapedQuotes: false))
            if index == count {
                recordLength = index
                return .complete
            }
            switch bytes[index] {
            case comma:
                index += 1
            case Self.lineFeed:
                recordLength = index + 1
                return .complete
            default:  // CR, then LF or the end of the input.
                recordLength = index + 1 < count ? index + 2 : index + 1
                return .complete
            }
        }
    }
}

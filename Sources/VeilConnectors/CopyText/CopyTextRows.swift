import VeilCore

/// A batch's rows as the COPY text lines the source wrote: one buffer holding every line with its newline, and where
/// each line starts. Fields are found and decoded only when asked for (``CopyText``'s rules), and a sink writes the
/// lines back as they are, with only the replaced columns encoded anew.
///
/// The reader appends a line only after checking its width and that its escapes form UTF-8, so every line here has
/// ``width`` fields and decodes without an error.
struct CopyTextRows: EncodedRows {
    let width: Int
    /// Every line followed by its newline.
    private(set) var bytes: [UInt8] = []
    /// Where each line starts in ``bytes``; a line ends one byte before the next one starts (its newline).
    private(set) var starts: [Int] = []

    init(width: Int, reserving lines: Int = 0, bytes capacity: Int = 0) {
        self.width = width
        starts.reserveCapacity(lines)
        bytes.reserveCapacity(capacity)
    }

    var count: Int { starts.count }

    var isEmpty: Bool { starts.isEmpty }

    /// Appends one line, given without its newline.
    mutating func append(line: UnsafeBufferPointer<UInt8>) {
        starts.append(bytes.count)
        bytes.append(contentsOf: line)
        bytes.append(0x0A)
    }

    /// The end of line `row` (the index of its newline).
    private func end(of row: Int) -> Int {
        row + 1 < starts.count ? starts[row + 1] - 1 : bytes.count - 1
    }

    func field(row: Int, column: Int) -> Field {
        bytes.withUnsafeBufferPointer { buffer in decodedField(buffer, row: row, column: column) }
    }

    func column(_ column: Int) -> [Field] {
        bytes.withUnsafeBufferPointer { buffer in
            (0..<count).map { decodedField(buffer, row: $0, column: column) }
        }
    }

    /// One pass over each line for all the columns asked, where ``column(_:)`` would walk each line once per column.
    func columns(_ wanted: [Int]) -> [[Field]] {
        var decoded = [[Field]?](repeating: nil, count: width)
        for column in wanted where column < width && decoded[column] == nil {
            decoded[column] = []
            decoded[column]!.reserveCapacity(count)
        }
        bytes.withUnsafeBufferPointer { buffer in
            for row in 0..<count {
                let line = buffer.baseAddress! + starts[row]
                var column = 0
                CopyText.forEachField(line, count: end(of: row) - starts[row]) { start, end in
                    if column < width, decoded[column] != nil {
                        decoded[column]!.append(
                            Self.decode(UnsafeBufferPointer(start: line + start, count: end - start)))
                    }
                    column += 1
                }
                // Every line has `width` fields (the reader checks); a shorter one would shift the rows after it.
                for missing in min(column, width)..<width where decoded[missing] != nil {
                    decoded[missing]!.append(nil)
                }
            }
        }
        return wanted.map { decoded.indices.contains($0) ? decoded[$0]! : Array(repeating: nil, count: count) }
    }

    func row(_ row: Int) -> Row {
        bytes.withUnsafeBufferPointer { buffer in
            guard width > 0 else { return [] }
            let line = buffer.baseAddress! + starts[row]
            var fields: Row = []
            fields.reserveCapacity(width)
            CopyText.forEachField(line, count: end(of: row) - starts[row]) { start, end in
                fields.append(Self.decode(UnsafeBufferPointer(start: line + start, count: end - start)))
            }
            return fields
        }
    }

    func forEachField(
        inColumns wanted: [Bool], _ body: (_ row: Int, _ column: Int, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var scratch: [UInt8] = []
        try bytes.withUnsafeBufferPointer { buffer in
            for row in 0..<count {
                let line = buffer.baseAddress! + starts[row]
                try CopyText.forEachWantedField(
                    line, count: end(of: row) - starts[row], wanted: wanted, scratch: &scratch
                ) { column, value in try body(row, column, value) }
            }
        }
    }

    func appendCopyText(replacing replaced: [Int: MaskedValues], to output: inout [UInt8]) {
        guard !replaced.isEmpty else {
            output.append(contentsOf: bytes)
            return
        }
        // By column, so that a field costs an index, not a hash lookup.
        let byColumn = (0..<width).map { replaced[$0] }
        bytes.withUnsafeBufferPointer { buffer in
            for row in 0..<count {
                let line = buffer.baseAddress! + starts[row]
                var column = 0
                CopyText.forEachField(line, count: end(of: row) - starts[row]) { start, end in
                    if column > 0 { output.append(0x09) }
                    if let values = byColumn[column] {
                        values.withValue(row) { value in
                            if let value {
                                CopyText.appendEncoded(value, to: &output)
                            } else {
                                output.append(0x5C)
                                output.append(0x4E)
                            }
                        }
                    } else {
                        output.append(contentsOf: UnsafeBufferPointer(start: line + start, count: end - start))
                    }
                    column += 1
                }
                output.append(0x0A)
            }
        }
    }

    /// Field `column` of line `row`, decoded.
    private func decodedField(_ buffer: UnsafeBufferPointer<UInt8>, row: Int, column: Int) -> Field {
        let line = buffer.baseAddress! + starts[row]
        guard let bounds = CopyText.fieldBounds(line, count: end(of: row) - starts[row], column: column) else {
            return nil
        }
        return Self.decode(UnsafeBufferPointer(start: line + bounds.lowerBound, count: bounds.count))
    }

    /// One raw field: nil for exactly `\N`, else its value with escapes resolved.
    private static func decode(_ field: UnsafeBufferPointer<UInt8>) -> Field {
        field.count == 2 && field[0] == 0x5C && field[1] == 0x4E ? nil : CopyText.decode(field)
    }
}

import Foundation

/// Reads a file's bytes as UTF-8 text, or says where the first byte that is not UTF-8 sits.
enum UTF8Text {
    /// The 1-based line and column (counted in Unicode scalars, as YAML locations are) of the first byte of `data`
    /// that does not start a valid UTF-8 sequence; `nil` when all of it is UTF-8.
    static func firstInvalidPosition(in data: Data) -> (line: Int, column: Int)? {
        var line = 1
        var column = 1
        var bytes = data.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput: return nil
            case .error: return (line, column)
            }
        }
    }

    /// `data` as text.
    /// - Throws: a ``ProfileError`` at the first byte that is not UTF-8.
    static func decode(_ data: Data, file: String) throws(ProfileError) -> String {
        if let (line, column) = firstInvalidPosition(in: data) {
            throw ProfileError(problems: [
                ProfileProblem(
                    location: SourceLocation(file: file, line: line, column: column),
                    message: "not UTF-8 text: this byte does not start a valid UTF-8 character (save the file as UTF-8)"
                )
            ])
        }
        return String(decoding: data, as: UTF8.self)
    }
}

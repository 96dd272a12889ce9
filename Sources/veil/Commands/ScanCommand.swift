import ArgumentParser
import Foundation
import VeilApp
import VeilCore
import VeilPipeline

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Suggest a complete profile for a source: every table and column with a rule.",
        discussion: """
            Reads the schema and the first --sample rows of each table (values are only counted, never written \
            or printed) and prints a profile skeleton. Uncertain suggestions carry `review: "reason"`: check the \
            rule, then delete the key. `veil check` lists what is left; `veil run` refuses until none is.
            """)

    @Argument(help: "The source: a pg_dump (.sql, .dump), a .sqlite/.db file, CSV file or folder, postgresql://...")
    var source: String

    @Option(help: "Write the skeleton to this file (mode 0600) instead of standard output.")
    var out: String?

    @Option(help: "Rows sampled per table.")
    var sample: Int = 1000

    @Flag(help: "Replace the --out file if it exists.")
    var force = false

    @Option(help: "A CSV source's field delimiter: one character, `tab` for a tab (the skeleton records it).")
    var csvDelimiter = ","

    @Option(help: "A CSV source's quote character.")
    var csvQuote = "\""

    func validate() throws {
        if sample < 0 { throw ValidationError("--sample must be 0 or more") }
        _ = try dialect()
    }

    /// The CSV dialect the options give.
    private func dialect() throws -> CSVDialect {
        guard let delimiter = CSVDialect.byte(spelled: csvDelimiter), let quote = CSVDialect.byte(spelled: csvQuote)
        else {
            throw ValidationError("--csv-delimiter and --csv-quote take one character each")
        }
        if let problem = CSVDialect.problem(delimiter: delimiter, quote: quote) { throw ValidationError(problem) }
        return CSVDialect(delimiter: delimiter, quote: quote)
    }

    func run() throws {
        let request = ProfileScan.Request(
            source: source, rowsPerTable: sample, out: out, force: force, csv: try dialect())
        let outcome = try reportingErrors { try ProfileScan(request: request).execute() }
        if let out {
            let marked = outcome.skeleton.marked.count
            FileHandle.standardError.write(
                Data("veil: wrote \(out): \(outcome.skeleton.tables.count) tables, \(marked) rule(s) to confirm\n".utf8)
            )
            if let lock = outcome.lockPath {
                FileHandle.standardError.write(Data("veil: wrote the schema lock \(lock)\n".utf8))
            }
        } else {
            print(outcome.yaml, terminator: "")
        }
    }
}

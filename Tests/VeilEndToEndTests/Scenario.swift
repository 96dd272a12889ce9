import Foundation
import VeilTestSupport

/// A working directory with a profile, a key store made by `veil keys init`, and the passphrase in
/// the environment the way a user would run Veil.
final class Scenario: @unchecked Sendable {
    let directory = TemporaryDirectory("veil-e2e")
    let passphrase: String
    var environment: [String: String] { ["VEIL_PASSPHRASE": passphrase] }

    init(passphrase: String = "e2e passphrase \(UUID().uuidString)") {
        self.passphrase = passphrase
    }

    /// Writes a profile whose source, target (unless a URL) and key store live in this scenario.
    /// - Parameters:
    ///   - base: a profile from `Profiles/` whose `tables:` section is reused.
    ///   - source: the source file (default: the base profile's fixture).
    ///   - tables: replaces the `tables:` section when given.
    @discardableResult
    func writeProfile(
        named name: String = "profile.yaml", base: String, source: String, target: String = "masked.sql",
        keyStore: String = "keys", tables: String? = nil, extra: String = ""
    ) throws -> String {
        let original = try String(contentsOfFile: PackagePaths.profile(base), encoding: .utf8)
        let tablesSection = tables ?? String(original[original.range(of: "\ntables:")!.lowerBound...])
        let text = """
            version: 1
            source: \(source)
            target: \(target.contains("://") ? target : directory.file(target))
            keys:
              store: \(directory.file(keyStore))
              passphrase: env:VEIL_PASSPHRASE
            jobs: 2
            \(extra)
            """ + tablesSection
        return directory.write(text, to: name)
    }

    func veil(_ arguments: [String], environment extra: [String: String] = [:], input: String? = nil) throws
        -> ProcessOutcome
    {
        try VeilBinary.run(arguments, environment: environment.merging(extra) { _, new in new }, input: input)
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.file(name))
    }

    /// Every file name in the scenario directory (to prove no temporary output was left behind).
    func files() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.sorted() ?? []
    }
}

/// Reads the values of some columns out of a plain dump's COPY blocks (test oracle, independent of Veil).
enum DumpValues {
    static func values(in file: String, table: String, columns: [String]) throws -> [String] {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var result: [String] = []
        var indices: [Int] = []
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !inside, line.hasPrefix("COPY \(table) (") {
                let open = line.firstIndex(of: "(")!
                let close = line.firstIndex(of: ")")!
                let names = line[line.index(after: open)..<close].split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                indices = columns.compactMap { names.firstIndex(of: $0) }
                inside = true
                continue
            }
            if inside {
                if line == "\\." {
                    inside = false
                    continue
                }
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                for index in indices where index < fields.count && fields[index] != "\\N" && !fields[index].isEmpty {
                    result.append(String(fields[index]))
                }
            }
        }
        return result
    }
}

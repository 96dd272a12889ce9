import Dispatch
import Foundation
import VeilCore
import VeilCrypto
import VeilMasking
import VeilPipeline
import VeilVault

/// One benchmark's result: a name, a throughput and its unit.
public struct BenchmarkResult: Sendable, CustomStringConvertible {
    public var name: String
    public var value: Double
    public var unit: String
    /// The speed the project aims for, in the same unit, when there is one.
    public var target: Double?

    public init(name: String, value: Double, unit: String, target: Double? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.target = target
    }

    public var description: String {
        let padded = "  " + name.padding(toLength: 42, withPad: " ", startingAt: 0)
        var line = padded + String(format: value < 1000 ? "%14.1f " : "%14.0f ", value) + unit
        if let target {
            line += "  (target ≥ " + String(format: "%.0f", target) + ": " + (value >= target ? "met)" : "below)")
        }
        return line
    }
}

/// `veil bench`: micro benchmarks of the crypto and the rules on one core, and the whole pipeline
/// on the bundled Pagila dump with one and two jobs. Numbers to compare, not pass/fail.
public enum Benchmarks {
    /// Masks `count` values with a rule's transformer on the calling thread, in batches of 4096.
    /// - Parameters:
    ///   - label: said after the rule's name, for a second line of the same rule (other inputs).
    ///   - perByte: the rate in megabytes of input text per second instead of values per second.
    ///   - rounds: the rate is the best round's.
    public static func rule(
        _ name: String, arguments: [String: ParameterValue] = [:], label: String? = nil, count: Int,
        perByte: Bool = false, rounds: Int = 3, makeValue: (Int) -> String
    ) throws -> BenchmarkResult {
        guard let definition = BuiltinRules.all.first(where: { $0.name == name }) else {
            throw VeilError(.internal, "no rule \(name)")
        }
        let ring = MaskingKeyRing(dataKey: SecureBytes.random(count: 32), keyVersion: 1)
        var defaults = arguments
        for parameter in definition.parameters where defaults[parameter.name] == nil {
            if let value = parameter.defaultValue { defaults[parameter.name] = value }
        }
        let transformer = try definition.make(
            RuleContext(
                arguments: defaults, domain: "bench.\(name)", keys: ring.keys(forDomain: "bench.\(name)"),
                column: Column(name: "value", type: "text")))
        let batchSize = 4096
        let batches = (0..<max(1, count / batchSize)).map { batch in
            (0..<batchSize).map { Optional(makeValue(batch * batchSize + $0)) }
        }
        // Best of the rounds: the machine is shared, and the best round is the one least disturbed.
        var best = Double.infinity
        for _ in 0..<max(1, rounds) {
            let started = DispatchTime.now()
            for batch in batches {
                // As the pipeline masks a column: through the rule's byte path where it has one.
                guard try transformer.transformedBytes(batch, related: []) == nil else { continue }
                var values = batch
                try transformer.transform(&values, related: [])
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)
        }
        let title = label.map { "\(name), \($0)" } ?? name
        if perByte {
            let bytes = batches.reduce(0) { sum, batch in sum + batch.reduce(0) { $0 + ($1?.utf8.count ?? 0) } }
            return BenchmarkResult(name: "rule \(title) (1 core)", value: Double(bytes) / 1e6 / best, unit: "MB/s")
        }
        return BenchmarkResult(
            name: "rule \(title) (1 core)", value: Double(batches.count * batchSize) / best, unit: "values/s")
    }

    /// Runs the whole pipeline on a profile with a throwaway key store, writing to a temporary file.
    public static func pipeline(profilePath: String, jobs: Int, keyStore: KeyStore) throws -> RunReport {
        let directory = FileManager.default.temporaryDirectory.path + "/veil-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try MaskingRun(
            request: .init(profilePath: profilePath, target: directory + "/out.sql", jobs: jobs),
            progress: ProgressReporter(style: .silent), keyStore: keyStore
        ).execute()
    }

    /// The leak check's filter on one core: source values added (keyed fingerprint, prefix, two filter inserts) and
    /// output bytes scanned, with `count` values of about 30 bytes: prose, whose positions mostly fail the first-pair
    /// gate, and digit text, whose positions mostly pass it (one window lookup per byte).
    public static func leakFilter(count: Int) -> [BenchmarkResult] {
        let emails = filled(with: (0..<count).map { "customer-\($0)@mailbox.example" })
        let prose = scanRate(emails.index, (0..<count).map { "Masked note \($0) for someone@elsewhere.example" })
        // Digits everywhere: 16-digit source values starting with every pair of digits, and output text of digit
        // runs, so every digit position passes the first-pair gate and costs a window lookup (the slow case).
        let cards = filled(
            with: (0..<count).map { "\(($0 &* 7919) % 90 + 10)\(String(100_000_000_000_000 + $0).dropFirst())" })
        let runs = (0..<count).map { "ref \(5_000_000_000 + $0) paid 2024-\($0 % 12 + 10)-\($0 % 18 + 10) \($0 &* 31)" }
        let digits = scanRate(cards.index, runs)
        return [
            BenchmarkResult(
                name: "leak filter: add source values", value: Double(count) / emails.seconds, unit: "values/s"),
            BenchmarkResult(name: "leak filter: scan output (\(prose.hits) hits)", value: prose.rate, unit: "MB/s"),
            BenchmarkResult(
                name: "leak filter: scan digit text (\(digits.hits) hits)", value: digits.rate, unit: "MB/s"),
        ]
    }

    /// A leak filter holding `values`, added in batches of 4096, and the seconds that took.
    private static func filled(with values: [Field]) -> (index: SourceValueIndex, seconds: Double) {
        let index = SourceValueIndex(capacity: values.count)
        let started = DispatchTime.now()
        for start in stride(from: 0, to: values.count, by: 4096) {
            index.add(Array(values[start..<min(start + 4096, values.count)]))
        }
        return (index, Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)
    }

    /// Scans `fields` against `index`: MB/s and the number of hits.
    private static func scanRate(_ index: SourceValueIndex, _ fields: [String]) -> (rate: Double, hits: Int) {
        let scanner = OutputFieldScanner(index: index)
        let started = DispatchTime.now()
        var bytes = 0
        var hits = 0
        for field in fields {
            bytes += field.utf8.count
            hits += scanner.hits(in: field).count
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return (Double(bytes) / 1e6 / seconds, hits)
    }

    /// A key store in a temporary directory, for benchmarks only.
    public static func temporaryKeyStore() throws -> KeyStore {
        let path = FileManager.default.temporaryDirectory.path + "/veil-bench-keys-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try KeyStore.create(at: path, passphrase: SecureBytes.random(count: 32))
    }
}

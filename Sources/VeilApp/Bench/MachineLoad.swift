import Foundation

/// The machine's load average (`/proc/loadavg`), printed beside the numbers: a benchmark run on a busy machine
/// gives lower numbers, and says so.
public enum MachineLoad {
    /// The 1-, 5- and 15-minute load averages, or nil where `/proc/loadavg` is not there.
    public static func current() -> (one: Double, five: Double, fifteen: Double)? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ").prefix(3).compactMap { Double($0) }
        guard fields.count == 3 else { return nil }
        return (fields[0], fields[1], fields[2])
    }

    /// `load average 0.52, 0.60, 0.70 (1, 5, 15 min) on 2 cores`, or that it is unknown.
    public static var summary: String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard let load = current() else { return "load average unknown on \(cores) cores" }
        let averages = String(format: "%.2f, %.2f, %.2f", load.one, load.five, load.fifteen)
        return "load average \(averages) (1, 5, 15 min) on \(cores) cores"
    }
}

import Foundation

/// The outcome of a finished child process.
public struct ProcessOutcome: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
}

/// Runs programs for tests: the built `veil` binary, psql, createdb.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, waits, and returns its exit status and output.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        currentDirectory: String? = nil, input: String? = nil
    ) throws -> ProcessOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let output = Pipe()
        let errors = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = inputPipe
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inputPipe.fileHandleForWriting.close()
        // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
        let errorBox = DataBox()
        let drained = DispatchGroup()
        DispatchQueue.global().async(group: drained) {
            errorBox.data = errors.fileHandleForReading.readDataToEndOfFile()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        let errorData = errorBox.data
        process.waitUntilExit()
        return ProcessOutcome(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// The full path of a program on PATH (or the usual PostgreSQL locations).
    public static func which(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        var directories = path.split(separator: ":").map(String.init)
        directories += ["/usr/bin", "/usr/local/bin"]
        for directory in directories {
            let candidate = directory + "/" + program
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The `veil` executable built alongside the tests.
public enum VeilBinary {
    /// The path of the built `veil` binary, next to the test bundle.
    public static var path: String {
        var candidates: [String] = []
        let bundleDirectory = Bundle.main.bundleURL.deletingLastPathComponent().path
        candidates.append(Bundle.main.bundleURL.path + "/veil")
        candidates.append(bundleDirectory + "/veil")
        let argumentDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(argumentDirectory.path + "/veil")
        candidates.append(argumentDirectory.deletingLastPathComponent().path + "/veil")
        candidates.append(PackagePaths.root + "/.build/debug/veil")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }

    /// Runs `veil` with `arguments` in `directory` (default: the package root).
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: String = PackagePaths.root,
        input: String? = nil
    ) throws -> ProcessOutcome {
        try ProcessRunner.run(path, arguments, environment: environment, currentDirectory: directory, input: input)
    }

    /// Starts `veil` with `arguments` (environment added to this process's) without waiting, for tests that kill
    /// it or act while it runs. Standard output is discarded; standard error goes to `standardError` if given.
    public static func launch(
        _ arguments: [String], environment: [String: String] = [:], standardError: Pipe? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = standardError ?? FileHandle.nullDevice
        try process.run()
        return process
    }
}

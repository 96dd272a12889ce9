import ArgumentParser
import Foundation
import VeilCore

/// Runs a command body, printing a `VeilError` (never a value) and exiting with its code.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as VeilError {
        FileHandle.standardError.write(Data("veil: error: \(error)\n".utf8))
        throw ExitCode(error.code.exitCode)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("veil: internal error: \(type(of: error))\n".utf8))
        throw ExitCode(VeilError.Code.internal.exitCode)
    }
}

/// Writes a line to standard output.
func say(_ line: String) {
    print(line)
}

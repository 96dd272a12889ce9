import ArgumentParser
import Foundation
import VeilServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a staff-client body, mapping its failures to exit codes: 401 → 77 ("log in again"), 403/429 → 77 with
/// the server's message, connection or TLS failure → 69 (EX_UNAVAILABLE), bad arguments → 64.
func reportingClientErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let failure as DetokenizationClient.Failure {
        let exitCode: Int32
        var message = failure.message
        switch failure.kind {
        case .unauthenticated:
            exitCode = 77
            message += " (log in again: veil login)"
        case .denied: exitCode = 77
        case .unavailable: exitCode = 69
        case .usage: exitCode = 64
        }
        FileHandle.standardError.write(Data("veil: error: \(message)\n".utf8))
        throw ExitCode(exitCode)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("veil: internal error: \(type(of: error))\n".utf8))
        throw ExitCode(1)
    }
}

/// Asks for a line on the terminal (without echo when `secret`); reads standard input when it is not a terminal.
func prompt(_ question: String, secret: Bool) -> String? {
    if secret, isatty(STDIN_FILENO) != 0, let pointer = getpass(question) {
        return String(cString: pointer)
    }
    FileHandle.standardError.write(Data(question.utf8))
    return readLine(strippingNewline: true)
}

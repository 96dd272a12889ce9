import ArgumentParser
import Foundation
import VeilCore
import VeilServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a staff-client body; its failures become ``VeilError``s, whose codes are the one map to exit statuses
/// (``reportingErrors(_:)``): not logged in or refused → 77, connection or TLS failure → 69, bad arguments → 64.
func reportingClientErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let failure as DetokenizationClient.Failure {
        return try reportingErrors { throw VeilError(failure) }
    } catch let error as ExitCode {
        throw error
    } catch {
        return try reportingErrors { throw error }
    }
}

extension VeilError {
    /// The staff client's failure as Veil's error: its code says the exit status.
    init(_ failure: DetokenizationClient.Failure) {
        switch failure.kind {
        case .unauthenticated: self.init(.accessDenied, failure.message + " (log in again: veil login)")
        case .denied: self.init(.accessDenied, failure.message)
        case .unavailable: self.init(.unavailable, failure.message)
        case .usage: self.init(.usage, failure.message)
        }
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

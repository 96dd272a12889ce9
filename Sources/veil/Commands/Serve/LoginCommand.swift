import ArgumentParser
import Foundation
import VeilServer

struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to a detokenization service; keeps the session in ~/.veil/session (0600).",
        discussion: """
            The API key comes from VEIL_API_KEY or a prompt, the TOTP code from --otp or a prompt. The session file \
            is $VEIL_SESSION_FILE when set. Plain http:// only to a loopback address (exit 64 otherwise).
            """)

    @Option(help: "The service's URL, e.g. https://veil.internal:8443.")
    var server: String

    @Option(help: "Your account name.")
    var user: String

    @Option(help: "The current code of your authenticator app.")
    var otp: String?

    @Option(name: .customLong("ca-file"), help: "A PEM file of the CA that signed the server's certificate.")
    var caFile: String?

    func run() async throws {
        try await reportingClientErrors {
            let client = DetokenizationClient(server: server, caFile: caFile)
            _ = try client.checkedEndpoint()  // before the key is even asked for
            let environmentKey = ProcessInfo.processInfo.environment["VEIL_API_KEY"]
            guard let apiKey = environmentKey.flatMap({ $0.isEmpty ? nil : $0 }) ?? prompt("API key: ", secret: true),
                !apiKey.isEmpty
            else {
                throw DetokenizationClient.Failure(.usage, "no API key (set VEIL_API_KEY or type it at the prompt)")
            }
            guard let code = otp ?? prompt("TOTP code: ", secret: false), !code.isEmpty else {
                throw DetokenizationClient.Failure(.usage, "no TOTP code (--otp or the prompt)")
            }
            let login = try await client.login(
                user: user, apiKey: apiKey, otp: code.trimmingCharacters(in: .whitespaces))
            let path = SessionFile.defaultPath
            do {
                try SessionFile(server: client.server, session: login.session, expires: login.expires).write(to: path)
            } catch {
                throw DetokenizationClient.Failure(.usage, "cannot write the session file \(path)")
            }
            print("logged in as \(user) until \(ISO8601DateFormatter().string(from: login.expires))")
        }
    }
}

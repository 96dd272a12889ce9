import ArgumentParser
import Foundation
import VeilServer

struct DetokenizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detokenize",
        abstract: "Reveal the originals of tokens through a detokenization service (after veil login).",
        discussion: """
            Tokens come from the arguments, or from standard input one per line. Prints one line per token, in \
            order: the original, or an empty line when the service does not know the token. Exit 77 when the \
            session is missing or expired (log in again) or the request is denied (the server's reason is \
            printed: which field, key version or token was refused), 69 when the service cannot be reached, TLS \
            fails (TLS 1.2 with ECDHE + AEAD suites, or 1.3, is required) or the service cannot answer now.
            """)

    @Option(help: "The service's URL (the one you logged in to).")
    var server: String

    @Option(help: "The token domain, e.g. person.email.")
    var domain: String

    @Option(help: "Why you need the originals (a ticket number, ...); recorded in the audit log.")
    var reason: String

    @Option(
        name: .customLong("key-version"),
        help: "The data key version that made the tokens (fpe), if not the current one.")
    var keyVersion: Int?

    @Option(
        help: ArgumentHelp(
            "The rule's encoding that made the tokens, if not the domain's recorded one (1: email tokens with "
                + "non-ASCII letters from copies made before encoding 2)."))
    var encoding: Int?

    @Option(name: .customLong("ca-file"), help: "A PEM file of the CA that signed the server's certificate.")
    var caFile: String?

    @Argument(help: "Tokens; standard input, one per line, when none are given.")
    var tokens: [String] = []

    func run() async throws {
        try await reportingClientErrors {
            let client = DetokenizationClient(server: server, caFile: caFile)
            _ = try client.checkedEndpoint()  // plain HTTP only to loopback, before the session is read
            let path = SessionFile.defaultPath
            let stored: SessionFile?
            do {
                stored = try SessionFile.read(from: path)
            } catch {
                throw DetokenizationClient.Failure(.unauthenticated, "the session file \(path) is unreadable")
            }
            guard let session = stored, session.server == client.server else {
                throw DetokenizationClient.Failure(.unauthenticated, "not logged in to \(client.server)")
            }
            guard session.expires > Date() else {
                throw DetokenizationClient.Failure(.unauthenticated, "the session has expired")
            }
            var list = tokens
            if list.isEmpty {
                while let line = readLine(strippingNewline: true) {
                    let token = line.trimmingCharacters(in: .whitespaces)
                    if !token.isEmpty { list.append(token) }
                }
            }
            guard !list.isEmpty else { throw DetokenizationClient.Failure(.usage, "no tokens given") }
            let originals = try await client.detokenize(
                session: session.session, domain: domain, tokens: list, reason: reason, keyVersion: keyVersion,
                encoding: encoding)
            print(originals.map { $0 ?? "" }.joined(separator: "\n"))
        }
    }
}

import Foundation
import Testing
import VeilCore
import VeilProfile

@Suite("Secret references")
struct SecretReferenceTests {
    @Test(arguments: [
        ("env:VEIL_PASSPHRASE", SecretReference.environment("VEIL_PASSPHRASE")),
        ("file:/run/secrets/veil", .file("/run/secrets/veil")),
        ("command:kms decrypt veil.key", .command("kms decrypt veil.key")),
    ])
    func referencesParse(text: String, reference: SecretReference) {
        #expect(SecretReference(parsing: text) == reference)
        #expect(reference.description == text)
    }

    @Test(arguments: ["hunter2", "env:", "env:A-B", "file:", "command:", "ENV:X", " env:X"])
    func literalsAndEmptyReferencesDoNotParse(text: String) {
        #expect(SecretReference(parsing: text) == nil)
    }

    @Test func environmentVariableIsRead() throws {
        let name = "VEIL_PROFILE_TEST_\(UUID().uuidString.prefix(8))"
        setenv(name, "s3cret", 1)
        defer { unsetenv(name) }
        #expect(try SecretReference.environment(name).resolve() == Array("s3cret".utf8))
    }

    @Test func unsetEnvironmentVariableIsAKeyStoreError() {
        let name = "VEIL_PROFILE_TEST_UNSET_\(UUID().uuidString.prefix(8))"
        #expect {
            _ = try SecretReference.environment(name).resolve()
        } throws: { error in
            let error = error as? VeilError
            return error?.code == .keyStore && error?.message.contains(name) == true
        }
    }

    @Test func ownerOnlyFileIsReadWithoutItsTrailingNewline() throws {
        let path = try TemporaryFile.write("pass phrase\n", mode: 0o600)
        defer { TemporaryFile.remove(path) }
        #expect(try SecretReference.file(path).resolve() == Array("pass phrase".utf8))

        let crlf = try TemporaryFile.write("key\r\n", mode: 0o400)
        defer { TemporaryFile.remove(crlf) }
        #expect(try SecretReference.file(crlf).resolve() == Array("key".utf8))
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o620])
    func fileOthersCanReachIsRefused(mode: Int) throws {
        let path = try TemporaryFile.write("do-not-print-me\n", mode: mode)
        defer { TemporaryFile.remove(path) }
        #expect {
            _ = try SecretReference.file(path).resolve()
        } throws: { error in
            let error = error as? VeilError
            return error?.code == .keyStore && error?.message.contains("chmod 600") == true
                && error?.description.contains("do-not-print-me") == false
        }
    }

    @Test func missingOrEmptySecretFileIsRefused() throws {
        #expect(throws: VeilError.self) { try SecretReference.file("/nonexistent/veil-secret").resolve() }
        let empty = try TemporaryFile.write("\n", mode: 0o600)
        defer { TemporaryFile.remove(empty) }
        #expect(throws: VeilError.self) { try SecretReference.file(empty).resolve() }
    }

    @Test func commandOutputIsTheSecret() throws {
        #expect(try SecretReference.command("printf '%s\\n' 0123abcd").resolve() == Array("0123abcd".utf8))
        #expect {
            _ = try SecretReference.command("echo leaked; exit 3").resolve()
        } throws: { error in
            let error = error as? VeilError
            return error?.code == .keyStore && error?.message.contains("status 3") == true
                && error?.description.contains("leaked") == false
        }
    }
}

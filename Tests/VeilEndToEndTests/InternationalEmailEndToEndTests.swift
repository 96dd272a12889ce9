import Foundation
import Testing
import VeilCrypto
import VeilPipeline
import VeilTestSupport
import VeilVault

/// `veil run` on a dump of internationalized addresses (Cyrillic, CJK, accented Latin, Greek, mixed), with
/// `leak_check: fail`: nothing of any local part survives in the output file, and tokens reveal — those of the
/// current encoding (2) and those of copies made before it (encoding 1), through the record the run keeps in the
/// vault.
@Suite("Internationalized emails end to end")
struct InternationalEmailEndToEndTests {
    static let emails = [
        "иван.иванов.984@mail.ru", "Мария.Смирнова@yandex.ru", "ольга_кузнецова@почта.рф", "james.иванов@corp.ru",
        "张伟@例子.中国", "王芳.88@qq.com", "李娜_li@163.com", "田中太郎@example.jp", "josé.núñez@acme.es",
        "françoise.lefèvre@orange.fr", "jürgen.müller@münchen.de", "łukasz.wójcik@wp.pl", "ÇELİK.ŞAHİN@firma.com.tr",
        "γιώργος.παπαδόπουλος@mail.gr", "john.smith@acme.com", "Mary.Jones+news@Example.ORG",
    ]

    /// A plain pg_dump of one table: an id, an address, and a note quoting the address in a sentence.
    static func dump() -> String {
        let rows = emails.enumerated().map { index, email in "\(index + 1)\t\(email)\twrite to \(email) today" }
        return """
            --
            -- PostgreSQL database dump
            --

            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;

            CREATE TABLE public.people (
                id integer NOT NULL,
                email text NOT NULL,
                note text
            );

            COPY public.people (id, email, note) FROM stdin;
            \(rows.joined(separator: "\n"))
            \\.

            ALTER TABLE ONLY public.people
                ADD CONSTRAINT people_pkey PRIMARY KEY (id);

            --
            -- PostgreSQL database dump complete
            --

            """
    }

    static func tables(encoding: Int?) -> String {
        let argument = encoding.map { ", encoding: \($0)" } ?? ""
        return """

            tables:
              public.people:
                columns:
                  id: keep
                  email: { rule: email, domain: person.email, unique: true\(argument) }
                  note: scrub
            """
    }

    /// Every four consecutive letters of each address's local part, lower-cased.
    static func localRuns() -> Set<String> {
        var runs: Set<String> = []
        for email in emails {
            let local = Array(email[..<email.lastIndex(of: "@")!].lowercased())
            guard local.count >= 4 else { continue }
            for start in 0...(local.count - 4) where local[start..<(start + 4)].allSatisfy(\.isLetter) {
                runs.insert(String(local[start..<(start + 4)]))
            }
        }
        return runs
    }

    /// The runs of four letters of any original local part found in `file`, leaving out those the source holds
    /// anyway outside its addresses (`people`, `today`...).
    static func survivingRuns(in file: String, source: String) throws -> [String] {
        let output = try String(contentsOfFile: file, encoding: .utf8).lowercased()
        var rest = try String(contentsOfFile: source, encoding: .utf8)
        for email in emails { rest = rest.replacingOccurrences(of: email, with: " ") }
        let background = rest.lowercased()
        return localRuns().filter { output.contains($0) && !background.contains($0) }.sorted()
    }

    @Test("no run of four letters of any local part in the output; v2 and v1 tokens reveal")
    func maskAndReveal() throws {
        let scenario = Scenario()
        let source = scenario.directory.write(Self.dump(), to: "prod.sql")
        let vaultPath = scenario.directory.file("vault.sqlite")
        let extra = "vault: \(vaultPath)\nleak_check: fail"
        let old = try scenario.writeProfile(
            named: "old.yaml", base: "shop.yaml", source: source, target: "v1.sql",
            tables: Self.tables(encoding: 1), extra: "vault: \(vaultPath)\nleak_check: warn")
        let current = try scenario.writeProfile(
            named: "current.yaml", base: "shop.yaml", source: source, target: "v2.sql",
            tables: Self.tables(encoding: nil), extra: extra)
        #expect(try scenario.veil(["keys", "init", current]).status == 0)

        // A copy as Veil made it before encoding 2 (encoding 1 reproduces it exactly; see
        // EmailEncodingCompatibilityTests), and the vault record as it wrote it: without `encoding`.
        let first = try scenario.veil(["run", old, "--quiet"])
        #expect(first.status == 0, "\(first.standardError)")
        let keys = try KeyStore.open(
            at: scenario.directory.file("keys"), passphrase: SecureBytes(Array(scenario.passphrase.utf8)))
        let vault = try TokenVault(storage: try SQLiteVaultStorage(path: vaultPath), keys: keys)
        var record = try #require(try vault.reversibleDomain("person.email"))
        #expect(record.arguments["encoding"] == "i:1")
        record.arguments["encoding"] = nil
        try vault.record(record)
        let v1 = scenario.directory.file("v1.sql")
        // Encoding 1 left the names in place: the check below would catch them.
        #expect(!(try Self.survivingRuns(in: v1, source: source)).isEmpty)

        let oldTokens = try DumpValues.values(in: v1, table: "public.people", columns: ["email"])
        #expect(oldTokens.count == Self.emails.count)
        // Encoding 1 could not encrypt `张伟@例子.中国` or `ольга_кузнецова@почта.рф` (fewer than four ASCII letters
        // and digits): it mapped their ASCII part one-way and copied the rest.
        let reversibleBefore = Self.emails.map { email in
            email.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.count >= 4 ? email : nil
        }
        let recordedOld = try #require(
            try ReversalCatalog.reverser(domain: "person.email", version: 1, vault: vault, keys: keys))
        #expect(oldTokens.map { try? recordedOld.reveal($0) } == reversibleBefore)

        // The current encoding.
        let run = try scenario.veil(["run", current, "--quiet"])
        #expect(run.status == 0, "\(run.standardError)")
        let v2 = scenario.directory.file("v2.sql")
        #expect(try Self.survivingRuns(in: v2, source: source).isEmpty)
        let tokens = try DumpValues.values(in: v2, table: "public.people", columns: ["email"])
        let notes = try DumpValues.values(in: v2, table: "public.people", columns: ["note"])
        #expect(notes == tokens.map { "write to \($0) today" })
        #expect(try vault.reversibleDomain("person.email")?.arguments["encoding"] == "i:3")
        let reverser = try #require(
            try ReversalCatalog.reverser(domain: "person.email", version: 1, vault: vault, keys: keys))
        #expect(try tokens.map { try reverser.reveal($0) } == Self.emails)

        // ASCII addresses kept their encrypted text (encoding 3 writes `L%D@example.net` as `L@D.example.net`); the
        // others changed. Old tokens still reveal when the request names encoding 1 (the record now says 3).
        func subdomainForm(_ token: String) -> String {
            guard let at = token.lastIndex(of: "@"), let percent = token[..<at].lastIndex(of: "%") else { return token }
            return token[..<percent] + "@" + token[token.index(after: percent)..<at] + "."
                + token[token.index(after: at)...]
        }
        for (index, email) in Self.emails.enumerated() {
            #expect((tokens[index] == subdomainForm(oldTokens[index])) == email.allSatisfy(\.isASCII), "\(email)")
        }
        let asked = try #require(
            try ReversalCatalog.reverser(domain: "person.email", version: 1, encoding: 1, vault: vault, keys: keys))
        #expect(oldTokens.map { try? asked.reveal($0) } == reversibleBefore)
        // Read under the recorded encoding 3, the old tokens of non-ASCII addresses do not give their originals.
        let misread = oldTokens.map { try? reverser.reveal($0) }
        let nonASCII = Self.emails.filter { !$0.allSatisfy(\.isASCII) }.count
        #expect(zip(misread, Self.emails).filter { $0 != $1 }.count == nonASCII)
    }
}

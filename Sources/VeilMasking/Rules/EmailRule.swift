import VeilCore
import VeilCrypto

/// `email`: an email address becomes another address; with `local: tokenize` (the default) the
/// mapping is one-to-one and ``EmailTransformer/reveal(_:)`` gives back the original address exactly.
///
/// ASCII letters and digits are encrypted together with FF1 over `0-9a-z` (radix 36) under the domain's
/// FPE key, so a digit may take a letter's place and the reverse; dots, plus signs, hyphens,
/// underscores, `@` and any other punctuation stay where they are. The case pattern is kept (see
/// ``FoldedAlnumText``): a lower-case address stays lower case, an upper-case one upper case, and in a
/// mixed-case one the upper-case letters stay at their positions (and stay letters), so reveal restores
/// the exact case.
///
/// Internationalized addresses (RFC 6531: `иван.иванов.984@почта.рф`, `张伟@例子.中国`, `josé.núñez@acme.es`):
/// a part with a letter or digit outside ASCII is encrypted whole, every letter and digit of every script
/// together, as one mixed-radix number (see ``LetteredText``): each character stays in its ``LetterClass``
/// (a Russian letter becomes a Russian letter, an ideograph an ideograph, an accented Latin letter an accented
/// Latin letter, an Arabic-Indic digit an Arabic-Indic digit), the case of each letter stays where it is,
/// and reveal gives back the exact original. So nothing of a non-ASCII name is carried over:
/// `иван.иванов.984@mail.ru` → `атвщ.алйжпы.u5e@6jc0.4b.example.net` (one key's output; encoding 1 gave
/// `иван.иванов.…`). Marks, symbols and letters newer than Unicode 14 stay in place.
///
/// Parameters:
/// - `local`: `tokenize` (default: FF1, reversible) or `fake` (a synthetic `first.last.k3x9qa` local
///   part drawn like `fake.email`, ASCII only whatever the input's script; one-way, about 2^53 outputs).
/// - `mail_domain`: what happens to the address's domain (not `domain:`, which names the key domain):
///   - `example` (default): the output is under the reserved `example.com/.net/.org` (RFC 2606), so no
///     real mailbox can receive mail. To stay one-to-one, `local@domain` is encrypted as one string (the
///     letters and digits of both parts together, punctuation and the `@` in place) and written as a
///     subdomain of an example domain: `L@D.example.net` (encoding 3). `john.smith@acme.co.uk` →
///     `q0fx.k8w2a@z1pv.k7.d3.example.org`. The local part keeps the original local part's characters and
///     the domain the original domain's, so a CHECK the original passes on either part (`^[a-z0-9.]+@`)
///     the output passes too. Which example domain is a function of the encrypted text. The output is 12
///     characters longer than the input (`.example.xxx` added). Encodings 1 and 2 wrote the percent-hack
///     `L%D@example.net` instead (a `%` many CHECKs refuse, and a domain containing `%` refused).
///   - `keep`: the domain is copied and only the local part is encrypted, under a tweak holding the
///     domain (`a@x.com` and `a@y.com` encrypt differently). Same length as the input.
///   - `tokenize`: the domain's labels are encrypted too (internationalized labels like `почта` as well) and
///     its top-level domain is kept (`john@acme.com` → `w7qz@kx2e.com`). When the local part and the labels
///     each have at least 10^6 possible values (four ASCII letters and digits, four Russian letters, two
///     ideographs...) they are encrypted separately, so every address at one domain gets the same masked domain;
///     otherwise they are encrypted together as one string. Same length as the input.
/// - `encoding` (default 3): how outputs are written. `3`: as above. `2`: every script encrypted, `example` mode
///   written as `L%D@example.xxx` (the same encrypted text, only the `@` and the domain differ). `1`: the encoding of
///   Veil before them, which encrypted ASCII letters and digits only and copied every other character — so
///   `иван.иванов.984@…` kept `иван.иванов`. Addresses whose letters and digits are all ASCII give the same output
///   under 1 and 2, and under 3 outside `example` mode. Masking runs record the encoding with the domain (see
///   `ReversalCatalog`), and a record made before encodings existed reads as 1, so tokens of old copies still
///   reveal; set `encoding: 1` only to reproduce such a copy, knowing it leaks non-ASCII names.
///
/// Short values: FF1 needs at least 10^6 possible values: 36^n >= 10^6, four ASCII letters and digits, or the
/// product of the class sizes of a part with other scripts. A part with fewer (a local part like `jo` or `ива`
/// under `mail_domain: keep`; an address like `a@b.c` in any mode) is redrawn by a keyed one-way mapping instead,
/// keeping its layout, classes and case; such outputs are not reversible and may collide, which is why
/// `mail_domain: keep` is reported one-way. With `local: fake` the domain is treated as above (a tokenized domain is
/// still consistent per domain).
///
/// Errors: a value without `@` (or with nothing on one side of its last `@`) is refused, naming the
/// row. With `mail_domain: example` an output longer than a `varchar(n)` column is refused (truncating it
/// would lose uniqueness): use `mail_domain: keep` or `tokenize`, which keep the length. `local: fake`
/// outputs are shortened to fit, name part first. Needs a text column.
public enum EmailRule {
    public static let definition = RuleDefinition(
        name: "email",
        summary: "email address, any script: FF1 over its letters and digits, each kept in its script; case and "
            + "punctuation kept; reversible",
        parameters: [
            ParameterDefinition(
                name: "local", kind: .choice(EmailTransformer.LocalMode.allCases.map(\.rawValue)),
                defaultValue: .string("tokenize"), summary: "tokenize (FF1, reversible) | fake (synthetic name)"),
            ParameterDefinition(
                name: "mail_domain", kind: .choice(EmailTransformer.DomainMode.allCases.map(\.rawValue)),
                defaultValue: .string("example"),
                summary: "example (example.com/.net/.org) | keep | tokenize (labels encrypted, TLD kept)"),
            ParameterDefinition(
                name: "encoding",
                kind: .integer(EmailTransformer.firstEncoding...EmailTransformer.currentEncoding),
                defaultValue: .integer(EmailTransformer.currentEncoding),
                summary: "3: example mode as L@D.example.xxx | 2: as L%D@example.xxx | 1: legacy, non-ASCII letters "
                    + "copied (old tokens only)"),
        ],
        isKeyed: true, isReversible: true, isBijective: true,
        oneWayReason: { arguments in
            if arguments["local"] == .string("fake") {
                return "local: fake draws synthetic local parts: one-way and not one-to-one"
            }
            if arguments["mail_domain"] == .string("keep") {
                return "mail_domain: keep maps local parts with fewer than 10^6 possible values (fewer than four "
                    + "letters and digits) one-way"
            }
            return nil
        },
        outputBits: { arguments in arguments["local"] == .string("fake") ? 53 : nil },
        make: { context throws(RuleConfigurationError) in try EmailTransformer(context) }
    )
    .withOutputSpace(.shapes(Set(ValueShape.allCases)))
    // Recorded domains from before `encoding` existed were masked by encoding 1.
    .withPriorDefaults(["encoding": .integer(EmailTransformer.firstEncoding)])
    // `L@D.example.xxx` (or `L%D@example.xxx`) from `L@D`: 12 characters are added.
    .withLengthGrowth { arguments in
        arguments["local"] == .string("fake") || (arguments["mail_domain"] ?? .string("example")) != .string("example")
            ? nil : 12
    }
}

/// The `email` rule bound to its modes, encoding and domain keys. See ``EmailRule``.
public struct EmailTransformer: ReversibleTransformer {
    enum LocalMode: String, CaseIterable { case tokenize, fake }
    enum DomainMode: String, CaseIterable { case example, keep, tokenize }

    /// The encoding new runs use, and the one a record without `encoding` predates (see ``EmailRule``).
    public static let currentEncoding = 3
    public static let firstEncoding = 1
    /// The first encoding that writes `mail_domain: example` addresses as `L@D.example.xxx`, not `L%D@example.xxx`.
    static let subdomainEncoding = 3

    /// Stands for the original `@` inside an `example`-mode local part (encodings 1 and 2).
    static let routeSeparator: UInt32 = 0x25
    static let at: UInt32 = 0x40
    /// `@example.com`, `@example.net`, `@example.org` as scalars (encodings 1 and 2).
    static let exampleDomains = EmailGenerator.domains.map { ScalarBuffer.scalars(of: "@" + $0) }
    /// `.example.com`, `.example.net`, `.example.org` as scalars (encoding 3).
    static let exampleSuffixes = EmailGenerator.domains.map { ScalarBuffer.scalars(of: "." + $0) }

    static let exampleTooLong =
        "the masked address (12 characters longer with mail_domain: example) would not fit the column; "
        + "use mail_domain: keep or tokenize"

    let localMode: LocalMode
    let domainMode: DomainMode
    let encoding: Int
    /// FF1 in radix 36 for ASCII letters and digits.
    let batcher: FF1Batcher
    /// FF1 in radix 2 for the numbers of texts with letters of other scripts (encoding 2).
    let bitBatcher: FF1Batcher
    let minimumFree: Int
    let shortSeed: KeyedSeed
    let fakeSeed: KeyedSeed
    let type: ColumnType

    /// - Throws: on a column that cannot hold text, or an unknown mode or encoding.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        type = ColumnType(context.column.type)
        guard type.isTextual else { throw RuleConfigurationError("email needs a text column") }
        guard let localMode = LocalMode(rawValue: context.string("local") ?? "tokenize") else {
            throw RuleConfigurationError("local must be tokenize or fake")
        }
        guard let domainMode = DomainMode(rawValue: context.string("mail_domain") ?? "example") else {
            throw RuleConfigurationError("mail_domain must be example, keep or tokenize")
        }
        let encoding = context.integer("encoding") ?? Self.currentEncoding
        guard (Self.firstEncoding...Self.currentEncoding).contains(encoding) else {
            throw RuleConfigurationError("encoding must be 1, 2 or 3")
        }
        let cipher: FF1
        let bitCipher: FF1
        do {
            cipher = try FF1(key: context.keys.fpeKey, radix: FoldedAlnumText.radix)
            bitCipher = try FF1(key: context.keys.fpeKey, radix: 2)
        } catch {
            throw RuleConfigurationError("FF1 could not be set up for the domain key")
        }
        self.localMode = localMode
        self.domainMode = domainMode
        self.encoding = encoding
        batcher = FF1Batcher(cipher: cipher)
        bitBatcher = FF1Batcher(cipher: bitCipher)
        minimumFree = max(4, cipher.minimumLength)
        shortSeed = KeyedSeed(hmac: context.keys.hmac, label: "email.short")
        fakeSeed = KeyedSeed(hmac: context.keys.hmac, label: "email.fake")
    }

    /// How a row's output is put together from its encrypted pieces.
    enum Shape {
        /// Piece 0 is the local part; the domain is copied.
        case keep(domain: Substring)
        /// Piece 0 is `local@domain`; its `@` sits at this scalar offset.
        case example(at: Int)
        /// Piece 0 is the labels, piece 1 the local part.
        case separate(topLevel: Substring)
        /// Piece 0 is `local@labels`.
        case joint(topLevel: Substring)
        /// No pieces: a synthetic local part and a finished domain.
        case fake(local: String, domain: String)
        /// Piece 0 is the labels of the domain after a synthetic local part.
        case fakeTokenized(local: String, topLevel: Substring)
    }

    public func transform(_ values: inout [Field], related: [[Field]]) throws(MaskingError) {
        try transform(&values, takingASCIIPath: takesASCIIPath)
    }

    /// Whether lower-case ASCII addresses take ``EmailASCIIAddresses``: in the default modes, encoding 3.
    var takesASCIIPath: Bool {
        localMode == .tokenize && domainMode == .example && encoding >= Self.subdomainEncoding
    }

    /// ``transform(_:related:)`` with the ASCII path on or off; its tests compare the two.
    func transform(_ values: inout [Field], takingASCIIPath: Bool) throws(MaskingError) {
        var rows: [Int] = []
        var shapes: [Shape] = []
        var pieces: [[EmailPiece]] = []
        var ascii = EmailASCIIAddresses()
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            do {
                if takingASCIIPath,
                    try ascii.add(value, row: row, minimumFree: minimumFree, maximumLength: type.maximumLength)
                {
                    continue
                }
                let (shape, rowPieces) = try plan(value)
                rows.append(row)
                shapes.append(shape)
                pieces.append(rowPieces)
            } catch {
                throw MaskingError(rowIndex: row, reason: error.reason)
            }
        }
        let results: [[[UInt16]]]
        do {
            results = try process(pieces, decrypting: false)
        } catch {
            throw MaskingError(rowIndex: rows[error.jobIndex], reason: error.reason)
        }
        for (index, row) in rows.enumerated() {
            do {
                values[row] = try assemble(shapes[index], pieces: pieces[index], results: results[index])
            } catch {
                throw MaskingError(rowIndex: row, reason: error.reason)
            }
        }
        do {
            try ascii.encrypt(with: batcher.cipher)
        } catch {
            throw MaskingError(rowIndex: ascii.rows[error.jobIndex], reason: error.reason)
        }
        ascii.write(into: &values)
    }

    public func reveal(_ token: String) throws(ValueError) -> String {
        guard localMode == .tokenize else { throw ValueError("local: fake is one-way; nothing to reveal") }
        let address = try EmailAddress(token)
        switch domainMode {
        case .keep:
            let local = try decrypt(piece(address.local, purpose: "k", context: address.domain))
            return local + "@" + address.domain
        case .example
        where encoding >= Self.subdomainEncoding && !EmailGenerator.domains.contains(String(address.domain)):
            // `L@D.example.xxx`: the encrypted `local@domain` with its own `@`, under a reserved domain. (A token
            // of encoding 2, `L%D@example.xxx`, holds the same encrypted text and reveals below.)
            let domain = String(address.domain)
            guard let suffix = EmailGenerator.domains.first(where: { domain.hasSuffix("." + $0) }),
                domain.count > suffix.count + 1
            else { throw ValueError("not an address written by email with mail_domain: example") }
            var scalars = ScalarBuffer.scalars(of: token)
            scalars.removeLast(suffix.unicodeScalars.count + 1)
            return try decrypt(EmailPiece(scalars, encoding: encoding, purpose: "x"))
        case .example:
            guard EmailGenerator.domains.contains(String(address.domain)),
                let separator = address.local.lastIndex(of: "%")
            else { throw ValueError("not an address written by email with mail_domain: example") }
            var scalars = ScalarBuffer.scalars(of: String(address.local))
            let offset = address.local.unicodeScalars.distance(
                from: address.local.unicodeScalars.startIndex, to: separator)
            scalars[offset] = Self.at
            return try decrypt(EmailPiece(scalars, encoding: encoding, purpose: "x"))
        case .tokenize:
            let labels = piece(address.labels, purpose: "d", context: address.topLevel)
            if separates(local: piece(address.local, purpose: "l"), labels: labels) {
                let domain = try decrypt(labels) + address.topLevel
                return try decrypt(piece(address.local, purpose: "l", context: Substring(domain))) + "@" + domain
            }
            return try decrypt(jointPiece(address)) + address.topLevel
        }
    }

    // MARK: Planning and assembling

    private func piece(_ text: Substring, purpose: Character, context: Substring = "") -> EmailPiece {
        EmailPiece(text, encoding: encoding, purpose: purpose, context: context)
    }

    /// `local@labels` as one piece, for `mail_domain: tokenize` when a part is too small to go alone.
    private func jointPiece(_ address: EmailAddress) -> EmailPiece {
        EmailPiece(
            ScalarBuffer.scalars(of: String(address.local) + "@" + address.labels), encoding: encoding, purpose: "j",
            context: address.topLevel)
    }

    /// Whether `mail_domain: tokenize` encrypts local part and labels separately: when each is large enough for
    /// FF1 on its own. Encryption keeps each part's layout, so a token answers as its original did.
    private func separates(local: EmailPiece, labels: EmailPiece) -> Bool {
        local.isLargeEnough(minimumFolded: minimumFree) && labels.isLargeEnough(minimumFolded: minimumFree)
    }

    private func plan(_ value: String) throws(ValueError) -> (Shape, [EmailPiece]) {
        if localMode == .tokenize && domainMode == .example { return try planExample(value) }
        let address = try EmailAddress(value)
        switch (localMode, domainMode) {
        case (.tokenize, .keep):
            return (.keep(domain: address.domain), [piece(address.local, purpose: "k", context: address.domain)])
        case (.tokenize, .example):
            return try planExample(value)
        case (.tokenize, .tokenize):
            let labels = piece(address.labels, purpose: "d", context: address.topLevel)
            let local = piece(address.local, purpose: "l", context: address.domain)
            if separates(local: local, labels: labels) {
                return (.separate(topLevel: address.topLevel), [labels, local])
            }
            return (.joint(topLevel: address.topLevel), [jointPiece(address)])
        case (.fake, .keep):
            let local = fakeLocal(value, domainLength: address.domain.count).local
            return (.fake(local: local, domain: String(address.domain)), [])
        case (.fake, .example):
            let (local, domain) = fakeLocal(value, domainLength: nil)
            return (.fake(local: local, domain: domain), [])
        case (.fake, .tokenize):
            let local = fakeLocal(value, domainLength: address.domain.count).local
            return (
                .fakeTokenized(local: local, topLevel: address.topLevel),
                [piece(address.labels, purpose: "d", context: address.topLevel)]
            )
        }
    }

    /// `local: tokenize, mail_domain: example`: the default and hot path, on scalars only.
    private func planExample(_ value: String) throws(ValueError) -> (Shape, [EmailPiece]) {
        let scalars = ScalarBuffer.scalars(of: value)
        guard let at = scalars.lastIndex(of: Self.at), at > 0, at < scalars.count - 1 else {
            throw ValueError(EmailAddress.notAnAddress)
        }
        guard encoding >= Self.subdomainEncoding || !scalars[(at + 1)...].contains(Self.routeSeparator) else {
            throw ValueError("a domain containing '%' cannot be written with mail_domain: example")
        }
        if let maximum = type.maximumLength, scalars.count + 12 > maximum {
            throw ValueError(Self.exampleTooLong)
        }
        return (.example(at: at), [EmailPiece(scalars, encoding: encoding, purpose: "x")])
    }

    private func assemble(_ shape: Shape, pieces: [EmailPiece], results: [[UInt16]]) throws(ValueError) -> String {
        func text(_ index: Int) -> String {
            pieces[index].string(results[index])
        }
        switch shape {
        case .keep(let domain):
            return text(0) + "@" + domain
        case .example(let at):
            var sum = 0
            for numeral in results[0] { sum += Int(numeral) }
            if encoding >= Self.subdomainEncoding {
                return pieces[0].string(results[0], suffix: Self.exampleSuffixes[sum % Self.exampleSuffixes.count])
            }
            return pieces[0].string(
                results[0], replacing: at, with: Self.routeSeparator,
                suffix: Self.exampleDomains[sum % Self.exampleDomains.count])
        case .separate(let topLevel):
            return text(1) + "@" + text(0) + topLevel
        case .joint(let topLevel):
            return text(0) + topLevel
        case .fake(let local, let domain):
            return type.fit(local + "@" + domain)
        case .fakeTokenized(let local, let topLevel):
            return type.fit(local + "@" + text(0) + topLevel)
        }
    }

    /// A synthetic local part (and example domain) for `value`, shortened so that it fits the column
    /// next to a domain of `domainLength` characters (an example domain when `nil`).
    private func fakeLocal(_ value: String, domainLength: Int?) -> (local: String, domain: String) {
        var random = fakeSeed.random(value)
        // The generator budgets for an 11-character example domain.
        let budget = type.maximumLength.map { $0 - (domainLength ?? 11) + 11 }
        let generated = EmailGenerator().generate(for: value, random: &random, maximumLength: budget)
        guard let at = generated.lastIndex(of: "@") else { return (generated, EmailGenerator.domains[0]) }
        return (String(generated[..<at]), String(generated[generated.index(after: at)...]))
    }

    // MARK: Encryption

    /// Encrypts (or decrypts) every row's pieces: FF1 when a piece is large enough (radix 36 for ASCII letters and
    /// digits, radix 2 for a lettered text's number), otherwise (encrypting only) a keyed one-way mapping seeded by
    /// the piece's tweak and text, so a short tokenized domain still maps alike in every address.
    /// - Throws: ``FF1Failure`` whose `jobIndex` is the *row* index in `pieces`.
    private func process(_ pieces: [[EmailPiece]], decrypting: Bool) throws(FF1Failure) -> [[[UInt16]]] {
        var results = pieces.map { $0.map(\.numerals) }
        var folded = FF1Jobs()
        var lettered = FF1Jobs()
        folded.jobs.reserveCapacity(pieces.count)
        folded.owners.reserveCapacity(pieces.count)
        for (row, rowPieces) in pieces.enumerated() {
            for (index, piece) in rowPieces.enumerated() {
                if piece.isLargeEnough(minimumFolded: minimumFree) {
                    let job = FF1Job(numerals: results[row][index], tweak: piece.tweak)
                    if case .lettered = piece.text {
                        lettered.add(job, row: row, piece: index, walks: true)
                    } else {
                        folded.add(job, row: row, piece: index, walks: piece.walks)
                    }
                } else if !decrypting && !piece.isEmpty {
                    var seedBytes = piece.tweak
                    seedBytes.append(0)
                    for scalar in piece.scalars { seedBytes += withUnsafeBytes(of: scalar.littleEndian, Array.init) }
                    var random = SeededRandom(digest: shortSeed.digest(bytes: seedBytes))
                    results[row][index] = piece.oneWay(random: &random)
                } else if decrypting {
                    throw FF1Failure(
                        jobIndex: row, reason: "too few letters and digits to have been encrypted reversibly")
                }
            }
        }
        try folded.run(batcher, pieces: pieces, decrypting: decrypting, into: &results)
        try lettered.run(bitBatcher, pieces: pieces, decrypting: decrypting, into: &results)
        return results
    }

    private func decrypt(_ piece: EmailPiece) throws(ValueError) -> String {
        do {
            let numerals = try process([[piece]], decrypting: true)[0][0]
            return piece.string(numerals)
        } catch {
            throw ValueError(error.reason)
        }
    }
}

/// The FF1 jobs of one cipher and the pieces they belong to.
private struct FF1Jobs {
    var jobs: [FF1Job] = []
    var owners: [(row: Int, piece: Int)] = []
    /// Cycle walking only where some piece constrains its output (not for lower-case ASCII text).
    var walks = false

    mutating func add(_ job: FF1Job, row: Int, piece: Int, walks: Bool) {
        jobs.append(job)
        owners.append((row, piece))
        self.walks = self.walks || walks
    }

    /// Runs the jobs and writes each result into its piece's place.
    mutating func run(
        _ batcher: FF1Batcher, pieces: [[EmailPiece]], decrypting: Bool, into results: inout [[[UInt16]]]
    ) throws(FF1Failure) {
        guard !jobs.isEmpty else { return }
        let owners = self.owners
        do {
            try batcher.run(
                &jobs, decrypting: decrypting,
                classify: walks
                    ? { index, numerals in pieces[owners[index].row][owners[index].piece].admits(numerals) } : nil)
        } catch {
            throw FF1Failure(jobIndex: owners[error.jobIndex].row, reason: error.reason)
        }
        for (index, owner) in owners.enumerated() {
            results[owner.row][owner.piece] = jobs[index].numerals
        }
    }
}

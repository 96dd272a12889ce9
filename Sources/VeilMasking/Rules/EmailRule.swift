import VeilCore
import VeilCrypto

/// `email`: an email address becomes another address; with `local: tokenize` (the default) the
/// mapping is one-to-one and ``EmailTransformer/reveal(_:)`` gives back the original address exactly.
///
/// ASCII letters and digits are encrypted together with FF1 over `0-9a-z` (radix 36) under the domain's
/// FPE key, so a digit may take a letter's place and the reverse; dots, plus signs, hyphens,
/// underscores, `@` and any other character stay where they are. The case pattern is kept (see
/// ``FoldedAlnumText``): a lower-case address stays lower case, an upper-case one upper case, and in a
/// mixed-case one the upper-case letters stay at their positions (and stay letters), so reveal restores
/// the exact case.
///
/// Parameters:
/// - `local`: `tokenize` (default: FF1, reversible) or `fake` (a synthetic `first.last.k3x9qa` local
///   part drawn like `fake.email`; one-way, about 2^53 outputs).
/// - `mail_domain`: what happens to the address's domain (not `domain:`, which names the key domain):
///   - `example` (default): the output is on the reserved `example.com/.net/.org` (RFC 2606), so no
///     real mailbox can receive mail. To stay one-to-one the original domain is encrypted *into the
///     local part* with the old percent-hack notation: `local@domain` becomes
///     `L%D@example.net`, where `L%D` is the FF1 encryption of `local@domain` as one string (the
///     letters and digits of both parts together; `@` written as `%`). `john.smith@acme.co.uk` →
///     `q0fx.k8w2a%z1pv.k7.d3@example.org`. Which example domain is a function of the encrypted text.
///     The output is 12 characters longer than the input (`@example.xxx` added, the `@` written as
///     `%`), so its local part can exceed RFC 5321's 64 characters: it is written anyway (a masked copy
///     sends no mail, and cutting it would break uniqueness); a domain containing `%` is refused.
///   - `keep`: the domain is copied and only the local part is encrypted, under a tweak holding the
///     domain (`a@x.com` and `a@y.com` encrypt differently). Same length as the input.
///   - `tokenize`: the domain's labels are encrypted too and its top-level domain is kept
///     (`john@acme.com` → `w7qz@kx2e.com`). When the local part and the labels each have at least
///     four letters and digits they are encrypted separately, so every address at one domain gets the
///     same masked domain; otherwise they are encrypted together as one string. Same length as the input.
///
/// Short values: FF1 needs 36^n >= 10^6, four letters and digits. A part with fewer (a local part
/// like `jo` under `mail_domain: keep`; an address like `a@b.c` in any mode) is redrawn by a keyed one-way
/// mapping instead, keeping its layout and case; such outputs are not reversible and may collide,
/// which is why `mail_domain: keep` is reported one-way. With `local: fake` the domain is treated as above
/// (a tokenized domain is still consistent per domain).
///
/// Errors: a value without `@` (or with nothing on one side of its last `@`) is refused, naming the
/// row. With `mail_domain: example` an output longer than a `varchar(n)` column is refused (truncating it
/// would lose uniqueness): use `mail_domain: keep` or `tokenize`, which keep the length. `local: fake`
/// outputs are shortened to fit, name part first. Needs a text column.
public enum EmailRule {
    public static let definition = RuleDefinition(
        name: "email",
        summary: "email address: FF1 over letters and digits, case and punctuation kept; reversible",
        parameters: [
            ParameterDefinition(
                name: "local", kind: .choice(EmailTransformer.LocalMode.allCases.map(\.rawValue)),
                defaultValue: .string("tokenize"), summary: "tokenize (FF1, reversible) | fake (synthetic name)"),
            ParameterDefinition(
                name: "mail_domain", kind: .choice(EmailTransformer.DomainMode.allCases.map(\.rawValue)),
                defaultValue: .string("example"),
                summary: "example (example.com/.net/.org) | keep | tokenize (labels encrypted, TLD kept)"),
        ],
        isKeyed: true, isReversible: true, isBijective: true,
        oneWayReason: { arguments in
            if arguments["local"] == .string("fake") {
                return "local: fake draws synthetic local parts: one-way and not one-to-one"
            }
            if arguments["mail_domain"] == .string("keep") {
                return "mail_domain: keep maps local parts with fewer than four letters and digits one-way"
            }
            return nil
        },
        outputBits: { arguments in arguments["local"] == .string("fake") ? 53 : nil },
        make: { context throws(RuleConfigurationError) in try EmailTransformer(context) }
    )
    .withOutputSpace(.shapes(Set(ValueShape.allCases)))
}

/// The `email` rule bound to its modes and domain keys. See ``EmailRule``.
public struct EmailTransformer: ReversibleTransformer {
    enum LocalMode: String, CaseIterable { case tokenize, fake }
    enum DomainMode: String, CaseIterable { case example, keep, tokenize }

    /// Stands for the original `@` inside an `example`-mode local part.
    static let routeSeparator: UInt32 = 0x25
    static let at: UInt32 = 0x40
    /// `@example.com`, `@example.net`, `@example.org` as scalars.
    static let exampleDomains = EmailGenerator.domains.map { ScalarBuffer.scalars(of: "@" + $0) }

    let localMode: LocalMode
    let domainMode: DomainMode
    let batcher: FF1Batcher
    let minimumFree: Int
    let shortSeed: KeyedSeed
    let fakeSeed: KeyedSeed
    let type: ColumnType

    /// - Throws: on a column that cannot hold text, or an unknown mode.
    public init(_ context: RuleContext) throws(RuleConfigurationError) {
        type = ColumnType(context.column.type)
        guard type.isTextual else { throw RuleConfigurationError("email needs a text column") }
        guard let localMode = LocalMode(rawValue: context.string("local") ?? "tokenize") else {
            throw RuleConfigurationError("local must be tokenize or fake")
        }
        guard let domainMode = DomainMode(rawValue: context.string("mail_domain") ?? "example") else {
            throw RuleConfigurationError("mail_domain must be example, keep or tokenize")
        }
        let cipher: FF1
        do {
            cipher = try FF1(key: context.keys.fpeKey, radix: FoldedAlnumText.radix)
        } catch {
            throw RuleConfigurationError("FF1 could not be set up for the domain key")
        }
        self.localMode = localMode
        self.domainMode = domainMode
        batcher = FF1Batcher(cipher: cipher)
        minimumFree = max(4, cipher.minimumLength)
        shortSeed = KeyedSeed(hmac: context.keys.hmac, label: "email.short")
        fakeSeed = KeyedSeed(hmac: context.keys.hmac, label: "email.fake")
    }

    /// One string to encrypt: its letters and digits, and its tweak.
    struct Piece {
        var text: FoldedAlnumText
        var tweak: [UInt8]

        init(_ text: FoldedAlnumText, purpose: Character, context: Substring = "") {
            self.text = text
            if text.pattern == .lower && context.isEmpty, let ascii = purpose.asciiValue {
                tweak = [ascii, 0, 0]
                return
            }
            tweak = Array(purpose.utf8)
            tweak += text.patternTweak
            tweak.append(0)
            if !context.isEmpty { tweak += context.utf8 }
        }
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
        var rows: [Int] = []
        var shapes: [Shape] = []
        var pieces: [[Piece]] = []
        for row in values.indices {
            guard let value = values[row], !value.isEmpty else { continue }
            do {
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
    }

    public func reveal(_ token: String) throws(ValueError) -> String {
        guard localMode == .tokenize else { throw ValueError("local: fake is one-way; nothing to reveal") }
        let address = try EmailAddress(token)
        switch domainMode {
        case .keep:
            let local = try decrypt(Piece(FoldedAlnumText(address.local), purpose: "k", context: address.domain))
            return local + "@" + address.domain
        case .example:
            guard EmailGenerator.domains.contains(String(address.domain)),
                let separator = address.local.lastIndex(of: "%")
            else { throw ValueError("not an address written by email with mail_domain: example") }
            var scalars = ScalarBuffer.scalars(of: String(address.local))
            let offset = address.local.unicodeScalars.distance(
                from: address.local.unicodeScalars.startIndex, to: separator)
            scalars[offset] = Self.at
            return try decrypt(Piece(FoldedAlnumText(scalars), purpose: "x"))
        case .tokenize:
            let local = FoldedAlnumText(address.local)
            let labels = FoldedAlnumText(address.labels)
            if local.count >= minimumFree && labels.count >= minimumFree {
                let domain = try decrypt(Piece(labels, purpose: "d", context: address.topLevel)) + address.topLevel
                return try decrypt(Piece(local, purpose: "l", context: Substring(domain))) + "@" + domain
            }
            let joint = FoldedAlnumText(ScalarBuffer.scalars(of: String(address.local) + "@" + address.labels))
            return try decrypt(Piece(joint, purpose: "j", context: address.topLevel)) + address.topLevel
        }
    }

    // MARK: Planning and assembling

    private func plan(_ value: String) throws(ValueError) -> (Shape, [Piece]) {
        if localMode == .tokenize && domainMode == .example { return try planExample(value) }
        let address = try EmailAddress(value)
        switch (localMode, domainMode) {
        case (.tokenize, .keep):
            return (
                .keep(domain: address.domain),
                [Piece(FoldedAlnumText(address.local), purpose: "k", context: address.domain)]
            )
        case (.tokenize, .example):
            return try planExample(value)
        case (.tokenize, .tokenize):
            let local = FoldedAlnumText(address.local)
            let labels = FoldedAlnumText(address.labels)
            if local.count >= minimumFree && labels.count >= minimumFree {
                return (
                    .separate(topLevel: address.topLevel),
                    [
                        Piece(labels, purpose: "d", context: address.topLevel),
                        Piece(local, purpose: "l", context: address.domain),
                    ]
                )
            }
            let joint = FoldedAlnumText(ScalarBuffer.scalars(of: String(address.local) + "@" + address.labels))
            return (.joint(topLevel: address.topLevel), [Piece(joint, purpose: "j", context: address.topLevel)])
        case (.fake, .keep):
            let local = fakeLocal(value, domainLength: address.domain.count).local
            return (.fake(local: local, domain: String(address.domain)), [])
        case (.fake, .example):
            let (local, domain) = fakeLocal(value, domainLength: nil)
            return (.fake(local: local, domain: domain), [])
        case (.fake, .tokenize):
            let local = fakeLocal(value, domainLength: address.domain.count).local
            let labels = FoldedAlnumText(address.labels)
            return (
                .fakeTokenized(local: local, topLevel: address.topLevel),
                [Piece(labels, purpose: "d", context: address.topLevel)]
            )
        }
    }

    /// `local: tokenize, mail_domain: example`: the default and hot path, on scalars only.
    private func planExample(_ value: String) throws(ValueError) -> (Shape, [Piece]) {
        let scalars = ScalarBuffer.scalars(of: value)
        guard let at = scalars.lastIndex(of: Self.at), at > 0, at < scalars.count - 1 else {
            throw ValueError(EmailAddress.notAnAddress)
        }
        guard !scalars[(at + 1)...].contains(Self.routeSeparator) else {
            throw ValueError("a domain containing '%' cannot be written with mail_domain: example")
        }
        if let maximum = type.maximumLength, scalars.count + 12 > maximum {
            throw ValueError(
                "the masked address (12 characters longer with mail_domain: example) would not fit the column; "
                    + "use mail_domain: keep or tokenize")
        }
        return (.example(at: at), [Piece(FoldedAlnumText(scalars), purpose: "x")])
    }

    private func assemble(_ shape: Shape, pieces: [Piece], results: [[UInt16]]) throws(ValueError) -> String {
        func text(_ index: Int) -> String {
            pieces[index].text.assembledString(results[index])
        }
        switch shape {
        case .keep(let domain):
            return text(0) + "@" + domain
        case .example(let at):
            var sum = 0
            for numeral in results[0] { sum += Int(numeral) }
            return pieces[0].text.assembledString(
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

    /// Encrypts (or decrypts) every row's pieces: FF1 when a piece has enough letters and digits,
    /// otherwise (encrypting only) a keyed one-way mapping seeded by the piece's tweak and text, so a short
    /// tokenized domain still maps alike in every address.
    /// - Throws: ``FF1Failure`` whose `jobIndex` is the *row* index in `pieces`.
    private func process(_ pieces: [[Piece]], decrypting: Bool) throws(FF1Failure) -> [[[UInt16]]] {
        var results = pieces.map { $0.map(\.text.numerals) }
        var jobs: [FF1Job] = []
        var owners: [(row: Int, piece: Int)] = []
        var walks = false
        jobs.reserveCapacity(pieces.count)
        owners.reserveCapacity(pieces.count)
        for (row, rowPieces) in pieces.enumerated() {
            for (index, piece) in rowPieces.enumerated() {
                if piece.text.count >= minimumFree {
                    jobs.append(FF1Job(numerals: piece.text.numerals, tweak: piece.tweak))
                    owners.append((row, index))
                    // Cycle walking only where a case pattern constrains the output (not for lower-case text).
                    walks = walks || piece.text.pattern != .lower
                } else if !decrypting && piece.text.count > 0 {
                    let text = piece.text
                    var seedBytes = piece.tweak
                    seedBytes.append(0)
                    for scalar in text.scalars { seedBytes += withUnsafeBytes(of: scalar.littleEndian, Array.init) }
                    var random = SeededRandom(digest: shortSeed.digest(bytes: seedBytes))
                    results[row][index] = OneWayFormatMapping.map(
                        text.numerals, radix: FoldedAlnumText.radix, random: &random, classify: text.admits)
                } else if decrypting {
                    throw FF1Failure(
                        jobIndex: row, reason: "too few letters and digits to have been encrypted reversibly")
                }
            }
        }
        do {
            try batcher.run(
                &jobs, decrypting: decrypting,
                classify: walks
                    ? { index, numerals in pieces[owners[index].row][owners[index].piece].text.admits(numerals) } : nil)
        } catch {
            throw FF1Failure(jobIndex: owners[error.jobIndex].row, reason: error.reason)
        }
        for (index, owner) in owners.enumerated() {
            results[owner.row][owner.piece] = jobs[index].numerals
        }
        return results
    }

    private func decrypt(_ piece: Piece) throws(ValueError) -> String {
        do {
            let numerals = try process([[piece]], decrypting: true)[0][0]
            return piece.text.assembledString(numerals)
        } catch {
            throw ValueError(error.reason)
        }
    }
}

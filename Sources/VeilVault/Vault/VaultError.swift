import VeilCore

/// What can go wrong in the token vault. Messages name domains, never values or tokens.
public struct VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A stored original failed to decrypt: its ciphertext, token, domain or version was changed.
        case tampered
        /// No token of the value's format is left in the domain (or the value has nothing to tokenize).
        case formatExhausted
        /// The vault was made with another key store.
        case otherKeyStore
        /// The vault's storage failed (cannot open, read or write).
        case storage
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The error as the command line reports it: an unmaskable value is a source problem (66), a vault that
    /// cannot be trusted or reached is a key-store problem (77).
    public var veilError: VeilError {
        switch kind {
        case .formatExhausted: VeilError(.source, message)
        case .tampered, .otherKeyStore, .storage: VeilError(.keyStore, message)
        }
    }
}

import VeilCore
import VeilVault

/// Why a token could not be reversed, as the detokenization service answers it: a vault entry that fails its
/// integrity check and a token of a retired key version are refusals of that token (403); anything else means the
/// vault cannot answer now (503). Never carries a value.
enum ReversalFailure: Equatable {
    case tampered
    case retiredKey
    case unavailable

    init(_ error: any Error) {
        switch error {
        case let vault as VaultError where vault.kind == .tampered: self = .tampered
        case let veil as VeilError where veil.code == .keyStore: self = .retiredKey
        default: self = .unavailable
        }
    }
}

/// What the key store says of a data key version a request names.
public enum KeyVersionState: Sendable, Equatable {
    case usable
    case retired
    case unknown
}

/// SHA-256 over data that arrives in pieces (a large file read in chunks), in bounded memory.
///
/// ```swift
/// var hasher = SHA256Hasher()
/// hasher.update(chunk)
/// let digest = hasher.finalize()
/// ```
/// A hasher is used by one thread and finalized once.
public struct SHA256Hasher {
    private let state = SHA256State()
    private var finalized = false

    public init() {}

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finalized, "SHA256Hasher used after finalize()")
        state.update(bytes)
    }

    /// Adds the bytes of a collection to the message.
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        precondition(!finalized, "SHA256Hasher used after finalize()")
        if bytes.withContiguousStorageIfAvailable({ state.update(UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { state.update($0) }
        }
    }

    /// The digest of everything added.
    public mutating func finalize() -> Digest256 {
        precondition(!finalized, "SHA256Hasher finalized twice")
        finalized = true
        return state.finalize()
    }
}

import VeilPipeline

/// The bytes of a manifest file: the signed payload and its signature, in one JSON object on one line.
///
/// ```text
/// {"manifest":<payload>,"signature":"<128 lowercase hex digits>"}<LF>
/// ```
/// `<payload>` is the ``RunManifest`` as JSON on one line (keys sorted), and the signature is Ed25519 over exactly
/// those payload bytes — the file without its fixed 12-byte head `{"manifest":` and its fixed 145-byte tail
/// `,"signature":"…"}` + LF. The payload is never re-serialized to check it, so nothing depends on how a JSON
/// library orders keys or escapes characters; and because the head and tail are fixed and the signature is
/// lowercase hex (one spelling per byte), every file byte is either signed or checked literally: changing any
/// byte of the file makes verification fail. The file is still ordinary JSON (`jq .manifest FILE` reads it).
///
/// To check one without Veil: take bytes 13 … (size − 145) as the message, hex-decode the signature, and verify
/// it with the payload's `signer.public_key` (`openssl pkeyutl -verify -rawin`).
public enum SignedManifestFile {
    static let head = Array(#"{"manifest":"#.utf8)
    static let signatureHead = Array(#","signature":""#.utf8)
    static let tail = Array("\"}\n".utf8)
    /// A manifest file larger than this is refused unread (a real one is a few kilobytes).
    static let maximumByteCount = 16 << 20

    /// The file for `payload` signed with `signature` (64 bytes).
    static func compose(payload: [UInt8], signature: [UInt8]) -> [UInt8] {
        head + payload + signatureHead + Array(ManifestHex.encode(signature).utf8) + tail
    }

    /// Splits a file into the signed payload bytes and the signature, or names what is malformed.
    static func split(_ file: [UInt8]) -> Result<(payload: [UInt8], signature: [UInt8]), ManifestProblem> {
        let signatureDigits = 2 * 64
        let trailer = signatureHead.count + signatureDigits + tail.count
        guard file.count > head.count + trailer else {
            return .failure(ManifestProblem("the file is too short to be a signed Veil manifest"))
        }
        guard file.starts(with: head) else {
            return .failure(ManifestProblem("the file does not start like a signed Veil manifest"))
        }
        let payloadEnd = file.count - trailer
        guard file[payloadEnd...].starts(with: signatureHead), file.suffix(tail.count).elementsEqual(tail) else {
            return .failure(ManifestProblem("the file does not end with a signature line of the expected form"))
        }
        let digits = file[(payloadEnd + signatureHead.count)..<(file.count - tail.count)]
        guard let signature = ManifestHex.decodeLowercase(digits) else {
            return .failure(ManifestProblem("the signature is not 128 lowercase hexadecimal digits"))
        }
        return .success((Array(file[head.count..<payloadEnd]), signature))
    }
}

/// Why a manifest fails verification. Names a part of the file, never its contents.
public struct ManifestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Lowercase hexadecimal, strict in what it reads (one spelling per byte).
enum ManifestHex {
    static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    /// The bytes written by ``encode(_:)``, or nil for odd lengths, upper case or any other character.
    static func decodeLowercase<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
        guard text.count % 2 == 0 else { return nil }
        func nibble(_ character: UInt8) -> UInt8? {
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var iterator = text.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let high = nibble(high), let low = nibble(low) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }
}

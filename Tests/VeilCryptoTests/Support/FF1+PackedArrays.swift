@testable import VeilCrypto

extension FF1 {
    /// ``encrypt(packed:length:tweak:)``, or ``decrypt(packed:length:tweak:)``, on an array in place.
    func packed(_ numerals: inout [UInt16], length: Int, tweak: [UInt8] = [], decrypting: Bool = false)
        throws(CryptoError)
    {
        try numerals.withUnsafeMutableBufferPointer { buffer throws(CryptoError) in
            if decrypting {
                try decrypt(packed: buffer, length: length, tweak: tweak)
            } else {
                try encrypt(packed: buffer, length: length, tweak: tweak)
            }
        }
    }
}

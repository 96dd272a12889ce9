// OpenSSL libcrypto: EVP ciphers and MACs, KDFs, BIGNUM, RAND and the low-level SHA-256 used for
// HMAC with precomputed inner/outer states.
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/bn.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

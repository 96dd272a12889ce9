// OpenSSL libcrypto: EVP ciphers and MACs, KDFs, BIGNUM, RAND and the low-level SHA-256 used for
// HMAC with precomputed inner/outer states.
// HMAC's hot path copies pre-keyed SHA256_CTX states, an API OpenSSL 3 marks deprecated (but keeps, and
// that EVP cannot match for speed). This silences the deprecation attributes for that use.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/bn.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

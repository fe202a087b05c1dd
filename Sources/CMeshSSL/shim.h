// OpenSSL 3 (libssl-dev, pkg-config "openssl") for MeshPKI and ECSClient, plus typed
// wrappers for what Swift cannot import: function-like macros (stack accessors, BIO
// controls, OPENSSL_free). Each wrapper is named CMeshSSL_<what it wraps>.
#ifndef CMESHSSL_SHIM_H
#define CMESHSSL_SHIM_H

#include <limits.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/core_names.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/x509_vfy.h>

/// Frees memory OpenSSL allocated for the caller (OPENSSL_free is a macro).
static inline void CMeshSSL_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}

/// The bytes a memory BIO holds; returns their count (BIO_get_mem_data is a macro).
static inline long CMeshSSL_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/// A new, empty stack of certificates.
static inline STACK_OF(X509) *CMeshSSL_sk_X509_new_null(void) {
    return sk_X509_new_null();
}

/// Pushes a certificate; the stack takes the reference. Returns the new count, 0 on failure.
static inline int CMeshSSL_sk_X509_push(STACK_OF(X509) *stack, X509 *certificate) {
    return sk_X509_push(stack, certificate);
}

static inline int CMeshSSL_sk_X509_num(const STACK_OF(X509) *stack) {
    return sk_X509_num(stack);
}

static inline X509 *CMeshSSL_sk_X509_value(const STACK_OF(X509) *stack, int index) {
    return sk_X509_value(stack, index);
}

/// Frees the stack and every certificate in it.
static inline void CMeshSSL_sk_X509_pop_free(STACK_OF(X509) *stack) {
    sk_X509_pop_free(stack, X509_free);
}

static inline int CMeshSSL_sk_GENERAL_NAME_num(const GENERAL_NAMES *names) {
    return sk_GENERAL_NAME_num(names);
}

static inline GENERAL_NAME *CMeshSSL_sk_GENERAL_NAME_value(const GENERAL_NAMES *names, int index) {
    return sk_GENERAL_NAME_value(names, index);
}

/// Frees a GENERAL_NAMES and every name in it.
static inline void CMeshSSL_GENERAL_NAMES_free(GENERAL_NAMES *names) {
    sk_GENERAL_NAME_pop_free(names, GENERAL_NAME_free);
}

/// XN_FLAG_RFC2253, a composition of macros Swift does not import.
static inline unsigned long CMeshSSL_XN_FLAG_RFC2253(void) {
    return XN_FLAG_RFC2253;
}

/// A new, empty stack of extensions (for CSRs).
static inline STACK_OF(X509_EXTENSION) *CMeshSSL_sk_X509_EXTENSION_new_null(void) {
    return sk_X509_EXTENSION_new_null();
}

/// Pushes an extension; the stack takes it. Returns the new count, 0 on failure.
static inline int CMeshSSL_sk_X509_EXTENSION_push(STACK_OF(X509_EXTENSION) *stack, X509_EXTENSION *extension) {
    return sk_X509_EXTENSION_push(stack, extension);
}

static inline int CMeshSSL_sk_X509_EXTENSION_num(const STACK_OF(X509_EXTENSION) *stack) {
    return sk_X509_EXTENSION_num(stack);
}

static inline X509_EXTENSION *CMeshSSL_sk_X509_EXTENSION_value(const STACK_OF(X509_EXTENSION) *stack, int index) {
    return sk_X509_EXTENSION_value(stack, index);
}

/// Frees the stack and every extension in it.
static inline void CMeshSSL_sk_X509_EXTENSION_pop_free(STACK_OF(X509_EXTENSION) *stack) {
    sk_X509_EXTENSION_pop_free(stack, X509_EXTENSION_free);
}

/// Prepares an extension context without a configuration database (a macro in OpenSSL).
static inline void CMeshSSL_X509V3_set_ctx_nodb(X509V3_CTX *context) {
    X509V3_set_ctx_nodb(context);
}

/// The type of a GENERAL_NAME (GEN_URI, GEN_DNS, GEN_IPADD, ...).
static inline int CMeshSSL_GENERAL_NAME_type(const GENERAL_NAME *name) {
    return name->type;
}

/// The string of a URI, DNS or e-mail name, or the octets of an IP address name.
static inline const ASN1_STRING *CMeshSSL_GENERAL_NAME_string(const GENERAL_NAME *name) {
    switch (name->type) {
    case GEN_URI: return name->d.uniformResourceIdentifier;
    case GEN_DNS: return name->d.dNSName;
    case GEN_EMAIL: return name->d.rfc822Name;
    case GEN_IPADD: return name->d.iPAddress;
    default: return NULL;
    }
}

// EC keys held the legacy way (an EC_KEY inside the EVP_PKEY). OpenSSL 3.0 encodes
// provider-held keys through its encoder framework, which looks every encoder up anew on
// each call and costs several times the signature; legacy keys are encoded and signed
// through the EC method directly. The EC_KEY calls are deprecated in OpenSSL 3, so where
// they are compiled out these return NULL and the caller keeps the provider-held key.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"

/// A new key pair on `group`, held as a legacy EC key; NULL on failure or when the
/// legacy API is unavailable.
static inline EVP_PKEY *CMeshSSL_EC_generate_legacy(const EC_GROUP *group) {
#ifndef OPENSSL_NO_DEPRECATED_3_0
    EC_KEY *ec = EC_KEY_new();
    EVP_PKEY *key = EVP_PKEY_new();
    if (ec == NULL || key == NULL || EC_KEY_set_group(ec, group) != 1
        || EC_KEY_generate_key(ec) != 1 || EVP_PKEY_assign_EC_KEY(key, ec) != 1) {
        EC_KEY_free(ec);
        EVP_PKEY_free(key);
        return NULL;
    }
    return key;
#else
    (void)group;
    return NULL;
#endif
}

/// A legacy-held copy of an EC key (public and, if present, private half); NULL when
/// `key` is not EC, on failure, or when the legacy API is unavailable.
static inline EVP_PKEY *CMeshSSL_EC_copy_legacy(const EVP_PKEY *key) {
#ifndef OPENSSL_NO_DEPRECATED_3_0
    EC_KEY *ec = EVP_PKEY_get1_EC_KEY((EVP_PKEY *)key);
    EVP_PKEY *copy = EVP_PKEY_new();
    if (ec == NULL || copy == NULL || EVP_PKEY_assign_EC_KEY(copy, ec) != 1) {
        EC_KEY_free(ec);
        EVP_PKEY_free(copy);
        return NULL;
    }
    return copy;
#else
    (void)key;
    return NULL;
#endif
}

/// SHA-256 of `length` bytes into `digest` (32 bytes) with the low-level SHA256_*
/// calls; 1 on success, 0 on failure or when the deprecated API is compiled out (then the
/// caller uses EVP). OpenSSL 3.0's EVP digests dispatch through the provider layer on every
/// init and final, which costs more than hashing a SigV4 canonical request; the one-shot
/// SHA256() is no way round it, as it fetches the digest by name on every call.
static inline int CMeshSSL_SHA256_direct(const void *data, size_t length, unsigned char *digest) {
#ifndef OPENSSL_NO_DEPRECATED_3_0
    SHA256_CTX context;
    if (SHA256_Init(&context) != 1 || SHA256_Update(&context, data, length) != 1
        || SHA256_Final(digest, &context) != 1) {
        return 0;
    }
    return 1;
#else
    (void)data;
    (void)length;
    (void)digest;
    return 0;
#endif
}

/// An HMAC-SHA256 context keyed with `key` (its inner and outer pads hashed once), for
/// CMeshSSL_HMAC_SHA256_reuse; NULL on failure or when the deprecated API is compiled out
/// (then the caller uses the one-shot HMAC()). OpenSSL 3.0's EVP_MAC wraps this same
/// context behind the provider layer, which costs a quarter more per SigV4 signature.
static inline HMAC_CTX *CMeshSSL_HMAC_SHA256_new(const void *key, size_t length) {
#ifndef OPENSSL_NO_DEPRECATED_3_0
    HMAC_CTX *context = HMAC_CTX_new();
    if (context == NULL || length > INT_MAX
        || HMAC_Init_ex(context, key, (int)length, EVP_sha256(), NULL) != 1) {
        HMAC_CTX_free(context);
        return NULL;
    }
    return context;
#else
    (void)key;
    (void)length;
    return NULL;
#endif
}

/// The MAC of `length` bytes into `mac` (32 bytes) with a context from
/// CMeshSSL_HMAC_SHA256_new, restarted with its key; 1 on success, 0 on failure.
static inline int CMeshSSL_HMAC_SHA256_reuse(
    HMAC_CTX *context, const void *data, size_t length, unsigned char *mac) {
#ifndef OPENSSL_NO_DEPRECATED_3_0
    unsigned int written = 0;
    return HMAC_Init_ex(context, NULL, 0, NULL, NULL) == 1
        && HMAC_Update(context, data, length) == 1
        && HMAC_Final(context, mac, &written) == 1 && written == 32;
#else
    (void)context;
    (void)data;
    (void)length;
    (void)mac;
    return 0;
#endif
}

/// Frees a context from CMeshSSL_HMAC_SHA256_new.
static inline void CMeshSSL_HMAC_SHA256_free(HMAC_CTX *context) {
#ifndef OPENSSL_NO_DEPRECATED_3_0
    HMAC_CTX_free(context);
#else
    (void)context;
#endif
}

#pragma clang diagnostic pop

#endif

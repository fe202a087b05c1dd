// OpenSSL 3 (libssl-dev, pkg-config "openssl") for MeshPKI and ECSClient, plus typed
// wrappers for what Swift cannot import: function-like macros (stack accessors, BIO
// controls, OPENSSL_free). Each wrapper is named CMeshSSL_<what it wraps>.
#ifndef CMESHSSL_SHIM_H
#define CMESHSSL_SHIM_H

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/core_names.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
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

#endif

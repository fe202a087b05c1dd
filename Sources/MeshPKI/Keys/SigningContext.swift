internal import CMeshSSL
import Foundation
internal import Synchronization

/// A digest-signing context set up once for a key and copied for each signature.
///
/// Setting a context up looks the signature and digest algorithms up in OpenSSL's
/// providers, which costs about a seventh of an ECDSA P-256 signature; a CA signs every
/// leaf with the same key, so it sets up once and copies.
final class SigningContext: @unchecked Sendable {
  // @unchecked: an owner of a C object. `prototype` is immutable and only read after
  // init, under `copying`: copying a context reads it, and OpenSSL does not document
  // that as safe from several threads at once.
  private let prototype: OpaquePointer
  /// Held by each copy: the guarded state is the C object's, outside Swift's view.
  private let copying = Mutex(())
  /// The key the context signs with, kept alive as long as the context.
  private let key: PrivateKey

  /// A context for `key` with its digest (``KeyType``'s `digest`); nil when OpenSSL
  /// cannot set one up, and the caller signs the ordinary way.
  init?(key: PrivateKey) {
    guard let context = EVP_MD_CTX_new() else { return nil }
    guard EVP_DigestSignInit(context, nil, key.type.digest, nil, key.box.pointer) == 1 else {
      EVP_MD_CTX_free(context)
      OpenSSLErrors.clear()
      return nil
    }
    prototype = context
    self.key = key
  }

  deinit {
    EVP_MD_CTX_free(prototype)
  }

  /// A fresh copy to sign one message with; the caller frees it with EVP_MD_CTX_free.
  /// Nil when the copy fails.
  func copy() -> OpaquePointer? {
    guard let context = EVP_MD_CTX_new() else { return nil }
    let copied = copying.withLock { _ in EVP_MD_CTX_copy_ex(context, prototype) }
    guard copied == 1 else {
      EVP_MD_CTX_free(context)
      OpenSSLErrors.clear()
      return nil
    }
    return context
  }
}

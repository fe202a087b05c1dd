internal import CMeshSSL

/// Builds X.509 extensions from OpenSSL's configuration syntax (`critical,CA:TRUE`,
/// `URI:spiffe://...`), so OpenSSL does all the ASN.1.
enum X509Extensions {
  /// One extension. `context` carries the subject and issuer certificates for the
  /// extensions that refer to them (key identifiers); nil for CSRs.
  static func make(nid: Int32, value: String, context: UnsafeMutablePointer<X509V3_CTX>?) throws
    -> OpaquePointer
  {
    guard let made = X509V3_EXT_conf_nid(nil, context, nid, value) else {
      throw OpenSSLErrors.error(
        .openSSL, "could not build the extension \(String(cString: OBJ_nid2sn(nid)))")
    }
    return made
  }
}

/// Owns a STACK_OF(X509_EXTENSION) for a CSR.
final class ExtensionStack {
  let pointer: OpaquePointer

  init() throws {
    guard let stack = CMeshSSL_sk_X509_EXTENSION_new_null() else {
      throw OpenSSLErrors.error(.openSSL, "could not allocate an extension list")
    }
    pointer = stack
  }

  deinit {
    CMeshSSL_sk_X509_EXTENSION_pop_free(pointer)
  }

  /// Adds an extension; the stack takes it.
  func append(_ item: OpaquePointer) throws {
    guard CMeshSSL_sk_X509_EXTENSION_push(pointer, item) > 0 else {
      X509_EXTENSION_free(item)
      throw OpenSSLErrors.error(.openSSL, "could not add an extension")
    }
  }
}

/// Owns an X509_NAME. Read-only after init (setting it on a certificate copies it).
final class DistinguishedName: @unchecked Sendable {
  // @unchecked: `pointer` is immutable and only read after init.
  let pointer: OpaquePointer

  /// A name of the given attributes, in order (`O`, then `CN`, ...).
  init(attributes: [(String, String)]) throws {
    guard let name = X509_NAME_new() else {
      throw OpenSSLErrors.error(.openSSL, "could not create a name")
    }
    pointer = name
    for (field, value) in attributes {
      let bytes = Array(value.utf8)
      guard
        X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0)
          == 1
      else {
        throw OpenSSLErrors.error(.invalidArgument, "could not set the name attribute \(field)")
      }
    }
  }

  convenience init(organization: String, commonName: String? = nil) throws {
    var attributes = [("O", organization)]
    if let commonName { attributes.append(("CN", commonName)) }
    try self.init(attributes: attributes)
  }

  deinit {
    X509_NAME_free(pointer)
  }
}

/// Owns one X509_EXTENSION built once and added to many certificates (X509_add_ext
/// copies it). Read-only after init.
final class ExtensionBox: @unchecked Sendable {
  // @unchecked: `pointer` is immutable and only read (copied) after init.
  let pointer: OpaquePointer

  init(nid: Int32, value: String, context: UnsafeMutablePointer<X509V3_CTX>?) throws {
    pointer = try X509Extensions.make(nid: nid, value: value, context: context)
  }

  deinit {
    X509_EXTENSION_free(pointer)
  }
}

/// What every leaf of one CA shares, built once: the subject, the extensions that do
/// not depend on the leaf (basic constraints, key usage, extended key usage, and the
/// authority key identifier, which names the CA's key), and the CA key's signing context.
final class LeafTemplate: @unchecked Sendable {
  // @unchecked: every member is immutable and only read after init.
  let subject: DistinguishedName
  let extensions: [ExtensionBox]
  let rsaExtensions: [ExtensionBox]
  let signingContext: SigningContext?

  init(organization: String, issuer: Certificate, issuerKey: PrivateKey) throws {
    subject = try DistinguishedName(organization: organization)
    signingContext = SigningContext(key: issuerKey)
    var context = X509V3_CTX()
    CMeshSSL_X509V3_set_ctx_nodb(&context)
    X509V3_set_ctx(&context, issuer.box.pointer, nil, nil, nil, 0)
    let shared = [
      try ExtensionBox(nid: NID_basic_constraints, value: "critical,CA:FALSE", context: nil),
      try ExtensionBox(nid: NID_ext_key_usage, value: "serverAuth,clientAuth", context: nil),
      try ExtensionBox(nid: NID_authority_key_identifier, value: "keyid:always", context: &context),
    ]
    extensions =
      [
        shared[0],
        try ExtensionBox(nid: NID_key_usage, value: "critical,digitalSignature", context: nil),
      ]
      + shared[1...]
    rsaExtensions =
      [
        shared[0],
        try ExtensionBox(
          nid: NID_key_usage, value: "critical,digitalSignature,keyEncipherment", context: nil),
      ] + shared[1...]
  }
}

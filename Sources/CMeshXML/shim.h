// libxml2 (libxml2-dev, pkg-config "libxml-2.0") for ECSClient's XML error answers, used
// directly: Foundation's XMLParser traps or crashes on some malformed documents (found by
// fuzzing), and those bodies come from the network. Wrappers are named CMeshXML_<what>.
#ifndef CMESHXML_SHIM_H
#define CMESHXML_SHIM_H

#include <libxml/xmlversion.h>
// Debian's libxml2 is built with ICU, and its encoding header then includes ICU's, which
// clash with the copy of ICU that Foundation carries. Nothing here touches the encoding
// handler structure whose fields that adds, so the ICU part is left out of view.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>

/// Frees memory libxml2 allocated for the caller (xmlFree is a function pointer variable).
static inline void CMeshXML_free(void *pointer) {
    xmlFree(pointer);
}

/// The options for untrusted documents: no network, no entity substitution or DTD
/// loading (the defaults leave entities unexpanded), libxml2's size limits kept, and no
/// error or warning printed to standard error.
static inline int CMeshXML_untrusted_options(void) {
    return XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
}

#endif

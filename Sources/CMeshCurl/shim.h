// libcurl (libcurl4-openssl-dev, pkg-config "libcurl") for ECSClient's AWS transport and
// MeshSupport's plain GET, plus typed wrappers for the variadic curl_easy_setopt and
// curl_easy_getinfo, which Swift cannot call.
// Each wrapper passes exactly the argument type libcurl documents for its options.
#ifndef CMESHCURL_SHIM_H
#define CMESHCURL_SHIM_H

#include <curl/curl.h>

static inline CURLcode CMeshCurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode CMeshCurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// For string options; libcurl copies the string.
static inline CURLcode CMeshCurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For pointer options: CURLOPT_WRITEDATA, CURLOPT_READDATA, CURLOPT_POSTFIELDS, ...
static inline CURLcode CMeshCurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode CMeshCurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}

/// The callback type of CURLOPT_WRITEFUNCTION, CURLOPT_HEADERFUNCTION and CURLOPT_READFUNCTION.
typedef size_t (*CMeshCurl_data_callback)(char *buffer, size_t size, size_t count, void *context);

static inline CURLcode CMeshCurl_setopt_data_callback(CURL *handle, CURLoption option, CMeshCurl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/// The callback type of CURLOPT_XFERINFOFUNCTION; returning non-zero aborts the transfer.
typedef int (*CMeshCurl_progress_callback)(void *context, curl_off_t download_total, curl_off_t downloaded,
                                           curl_off_t upload_total, curl_off_t uploaded);

static inline CURLcode CMeshCurl_setopt_progress_callback(CURL *handle, CMeshCurl_progress_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

static inline CURLcode CMeshCurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode CMeshCurl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// The string is owned by the handle and valid until its next transfer or cleanup.
static inline CURLcode CMeshCurl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif

"""Sends HTTP requests for the Envoy tests and prints their results as JSON.

Reads a JSON list of requests from stdin: {"url": ..., "method": "GET", "headers": {...}}.
Each request uses a fresh connection, so the Host header can be set freely and nothing is
pooled between them. Prints a JSON list of {"status", "body", "headers"}; a request that
fails gets {"status": 0, "error": "..."}.
"""
import http.client
import json
import sys
import urllib.parse

results = []
for request in json.load(sys.stdin):
    url = urllib.parse.urlsplit(request["url"])
    try:
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        path = url.path + ("?" + url.query if url.query else "")
        connection.request(request.get("method", "GET"), path or "/", headers=request.get("headers", {}))
        response = connection.getresponse()
        results.append({
            "status": response.status,
            "body": response.read().decode("utf-8", "replace"),
            "headers": {key.lower(): value for key, value in response.getheaders()},
        })
        connection.close()
    except Exception as error:  # a refused or reset connection is a result too
        results.append({"status": 0, "body": "", "error": str(error)})
print(json.dumps(results))

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Helpers for report-debuginfod.sh, on loopback only.

  debuginfod-server.py wait URL            until URL answers 200 (bounded)
  debuginfod-server.py serve PORT MODE FILE LOG
      a hostile debuginfod on 127.0.0.1:PORT; every request's path is
      appended to LOG, then, whatever the build-id:
        wrong      FILE as it is (an ELF with another build-id)
        truncated  the first half of FILE, with a Content-Length that says so
        short      a Content-Length of all of FILE, then half of it, then close
        huge       FILE's first 4 KiB, then zeros up to 64 MiB
        hang       no answer at all (the client's timeout ends it)
"""
import http.server
import socketserver
import sys
import time
import urllib.request


def wait(url):
    for _ in range(600):
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return 0
        except Exception:
            pass
        time.sleep(0.1)
    print("server at %s never answered" % url, file=sys.stderr)
    return 1


def serve(port, mode, path, log):
    data = open(path, "rb").read()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            with open(log, "a") as f:
                f.write(self.path + "\n")
            if mode == "hang":
                time.sleep(600)
                return
            body = data
            length = len(data)
            if mode == "truncated":
                body = data[: len(data) // 2]
                length = len(body)
            elif mode == "short":
                body = data[: len(data) // 2]
            elif mode == "huge":
                length = 64 << 20
                body = data[:4096]
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(length))
            self.end_headers()
            try:
                self.wfile.write(body)
                if mode == "huge":
                    zeros = bytes(1 << 20)
                    left = length - len(body)
                    while left > 0:
                        n = min(left, len(zeros))
                        self.wfile.write(zeros[:n])
                        left -= n
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        allow_reuse_address = True

    Server(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    if sys.argv[1] == "wait":
        sys.exit(wait(sys.argv[2]))
    serve(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5])

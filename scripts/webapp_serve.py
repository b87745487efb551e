"""Serves a built Mifos X web-app and Mteja on one origin, as an institution would deploy
them: the app's files from `--dist` (any path that is not a file is the app's index, so its
routes reload), and everything under /fineract-provider/ forwarded to Mteja unchanged.
Used by `scripts/webapp serve`; standard library only."""

from __future__ import annotations

import argparse
import http.client
import http.server
import urllib.parse
from functools import partial
from pathlib import Path

FORWARDED = "/fineract-provider/"
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"}


class Handler(http.server.SimpleHTTPRequestHandler):
    mteja: urllib.parse.SplitResult

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["Host"] = self.mteja.netloc
        connection = http.client.HTTPConnection(self.mteja.hostname, self.mteja.port, timeout=120)
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
        except OSError as error:
            self.send_error(502, f"Mteja at {self.mteja.geturl()} does not answer: {error}")
            return
        finally:
            connection.close()
        self.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP | {"content-length"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def _static(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if not (Path(self.directory) / path.lstrip("/")).is_file():
            self.path = "/index.html"
        super().do_GET()

    def do_GET(self):
        self._forward() if self.path.startswith(FORWARDED) else self._static()

    def do_HEAD(self):
        self._forward() if self.path.startswith(FORWARDED) else super().do_HEAD()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _forward


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", required=True, type=Path, help="the web-app's built files")
    parser.add_argument("--port", type=int, default=4200)
    parser.add_argument("--mteja", default="http://127.0.0.1:8000", help="Mteja's address")
    args = parser.parse_args()
    if not (args.dist / "index.html").is_file():
        parser.error(f"{args.dist} holds no built web-app: run `scripts/webapp build SOURCE`")
    Handler.mteja = urllib.parse.urlsplit(args.mteja)
    handler = partial(Handler, directory=str(args.dist))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(f"The Mifos X web-app on http://127.0.0.1:{args.port}/ (API forwarded to {args.mteja})")
    server.serve_forever()


if __name__ == "__main__":
    main()

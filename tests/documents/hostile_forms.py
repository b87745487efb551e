"""Multipart bodies written by hand, as a script, a broken phone or a cut connection may send
them: each one Django cannot take as a form, or one that must be refused whole."""

from __future__ import annotations

import io

BOUNDARY = "----mteja-hostile"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"
END = f"--{BOUNDARY}--\r\n".encode()


def field(name: str, value: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    )


def file_part(name: str, file_name: str, data: bytes, content_type: str = "image/png") -> bytes:
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{file_name}"\r\nContent-Type: {content_type}\r\n\r\n'
        ).encode()
        + data
        + b"\r\n"
    )


class SenderGone(io.RawIOBase):
    """A request's input that ends in an OSError after `data`, as a server's does when its
    client goes away before the end of the body it announced."""

    def __init__(self, data: bytes):
        self.data = io.BytesIO(data)

    def readable(self):
        return True

    def read(self, size=-1):
        chunk = self.data.read(size)
        if not chunk:
            raise OSError("client disconnected")
        return chunk


def hostile(kind: str, data: bytes, prefix: bytes = b"") -> tuple[bytes, str, dict]:
    """The body, content type and extra WSGI environ of a hostile form of `kind` carrying
    `data` as its `file` (after `prefix`, the form's first fields: its CSRF token)."""
    if kind == "long_name":
        return prefix + file_part("file", "a" * 20_000 + ".png", data) + END, CONTENT_TYPE, {}
    if kind == "no_boundary":
        return prefix + file_part("file", "a.png", data) + END, "multipart/form-data", {}
    if kind == "cut_short":  # no closing boundary: the body stops inside the file
        return prefix + file_part("file", "a.png", data)[:-40], CONTENT_TYPE, {}
    if kind == "sender_gone":
        body = prefix + file_part("file", "a.png", data) + END
        cut = body[: len(body) // 2]
        return body, CONTENT_TYPE, {"wsgi.input": SenderGone(cut)}
    if kind == "twice":
        twice = file_part("file", "a.png", data) + file_part("file", "b.png", data)
        return prefix + twice + END, CONTENT_TYPE, {}
    if kind == "too_many_files":
        many = b"".join(file_part(f"file{n}", "a.png", data) for n in range(101))
        return prefix + many + END, CONTENT_TYPE, {}
    if kind == "too_many_fields":
        many = b"".join(field(f"field{n}", "x") for n in range(1_001))
        return prefix + many + file_part("file", "a.png", data) + END, CONTENT_TYPE, {}
    if kind == "long_fields":  # past DATA_UPLOAD_MAX_MEMORY_SIZE (LONG_FIELDS_BOUND in the test)
        long = field("description", "x" * 5_000)
        return prefix + long + file_part("file", "a.png", data) + END, CONTENT_TYPE, {}
    raise ValueError(kind)


SAID = {
    "long_name": "A file name or form field is too long: the headers of each part of the form "
    "must fit in 16,384 bytes. Give the file a shorter name.",
    "no_boundary": "The request body is not a valid multipart form.",
    "cut_short": "The file arrived cut short: the form ended before it did. Send it again.",
    "sender_gone": "The file arrived cut short: the form ended before it did. Send it again.",
    "twice": "Send one file at a time.",
    "too_many_files": "The form sends too many files: at most 100.",
    "too_many_fields": "The form has too many fields: at most 1,000.",
    "long_fields": "The form's fields are too long: at most 2 KB in all.",
}
LONG_FIELDS_BOUND = 2 * 1024
KINDS = list(SAID)

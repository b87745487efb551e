"""Real minimal files made in the test, and hostile ones."""

import io

from PIL import Image

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def image(fmt: str = "JPEG", size=(40, 30), exif: bool = False) -> bytes:
    picture = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SpyCam Inc."  # Make
        data[0x0131] = "GPS 1.2921 S 36.8219 E"  # Software: stands in for location data
        options["exif"] = data.tobytes()
    picture.save(out, fmt, **options)
    return out.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
TEXT = b"just some plain text, not a PDF at all\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
# A JPEG that is also a web page: the markup hides after the picture.
POLYGLOT_JPEG = None  # built lazily (needs Pillow): see polyglot_jpeg()
PDF_WITH_SCRIPT = PDF.replace(
    b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
)


def polyglot_jpeg() -> bytes:
    return image("JPEG") + b"<html><script>alert(document.cookie)</script></html>"


def polyglot_pdf() -> bytes:
    return PDF.replace(b"%PDF-1.4\n", b"%PDF-1.4\n<html><body><script>alert(1)</script>")

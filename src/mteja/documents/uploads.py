"""Whether an uploaded file may be kept, judged by its content, never by its name or the type
the sender declared: PDF, JPEG, PNG and WEBP only.

The type comes from the file's leading bytes, read by `puremagic` and confirmed by the
format's own signature at offset 0; a PDF must end as a PDF does and carry no scripts, an
image must open in Pillow as the format it claims and is re-encoded (which drops EXIF, GPS
and anything appended after the picture). Markup anywhere in the bytes (HTML, SVG, script)
makes the file a polyglot, refused whatever it starts with."""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

import puremagic
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from mteja.core.errors import ParameterError, ValidationFailed

PDF = "application/pdf"
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
EXTENSIONS = {PDF: ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
SIGNATURES = {
    PDF: lambda data: data.startswith(b"%PDF-"),
    "image/jpeg": lambda data: data.startswith(b"\xff\xd8\xff"),
    "image/png": lambda data: data.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/webp": lambda data: data[:4] == b"RIFF" and data[8:12] == b"WEBP",
}
# Active content a browser or a PDF reader would run.
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|xml)\b|javascript:",
    re.IGNORECASE,
)
PDF_ACTIONS = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")
MAX_PIXELS = 50_000_000  # a bigger picture is a decompression bomb, not a scan
NAME_MAX = 200


@dataclass(frozen=True)
class CheckedFile:
    """A file fit to keep: the bytes to store (re-encoded for an image), its type and size."""

    content: bytes
    content_type: str
    width: int | None = None
    height: int | None = None

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_FORMATS


def refused(message: str, code: str = "type.not.allowed", param: str = "file", resource="document"):
    return ValidationFailed(
        [ParameterError(f"validation.msg.{resource}.{param}.{code}", param, message)]
    )


def detected_type(data: bytes) -> str | None:
    """The accepted type `data` holds by its content, or None."""
    try:
        guess = puremagic.from_string(data[:8192], mime=True)
    except (puremagic.PureError, ValueError):
        return None
    check = SIGNATURES.get(guess)
    return guess if check is not None and check(data) else None


def check_file(
    data: bytes, *, images_only: bool = False, resource: str = "document"
) -> CheckedFile:
    """The file to store, or a 400 saying why not."""
    allowed = _("JPEG, PNG or WEBP") if images_only else _("PDF, JPEG, PNG or WEBP")
    if not data:
        raise refused(_("The file is empty."), "cannot.be.blank", resource=resource)
    content_type = detected_type(data)
    if content_type is None or (images_only and content_type == PDF):
        raise refused(
            _("This file is not a %(types)s file by its content.") % {"types": allowed},
            resource=resource,
        )
    if MARKUP.search(data):
        raise refused(
            _("The file holds web page or script content as well; it is not accepted."),
            "active.content",
            resource=resource,
        )
    if content_type == PDF:
        return _checked_pdf(data, resource)
    return _reencoded(data, content_type, resource)


def _checked_pdf(data: bytes, resource: str) -> CheckedFile:
    if b"%%EOF" not in data[-2048:]:
        raise refused(_("The PDF file is incomplete or damaged."), "damaged", resource=resource)
    if PDF_ACTIONS.search(data):
        raise refused(
            _("The PDF file holds scripts, launch actions or embedded files; it is not accepted."),
            "active.content",
            resource=resource,
        )
    return CheckedFile(data, PDF)


def _reencoded(data: bytes, content_type: str, resource: str) -> CheckedFile:
    """The picture drawn again: upright, without its metadata or trailing bytes."""
    image_format = IMAGE_FORMATS[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[image_format]) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                probe.verify()
            with Image.open(io.BytesIO(data), formats=[image_format]) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
                return CheckedFile(
                    _encode(upright, image_format),
                    content_type,
                    upright.width,
                    upright.height,
                )
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise refused(
            _("The picture cannot be read: it is damaged or too large."),
            "damaged",
            resource=resource,
        ) from None


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90)
    elif image_format == "WEBP":
        image.save(out, "WEBP", quality=90)
    else:
        image.save(out, "PNG")
    return out.getvalue()


def scaled(
    content: bytes, content_type: str, max_width: int | None, max_height: int | None
) -> bytes:
    """A stored picture made to fit within the bounds given (never enlarged)."""
    if not (max_width or max_height) or content_type not in IMAGE_FORMATS:
        return content
    with Image.open(io.BytesIO(content)) as image:
        image.load()
        bound = (max_width or image.width, max_height or image.height)
        if image.width <= bound[0] and image.height <= bound[1]:
            return content
        image.thumbnail(bound)
        return _encode(image, IMAGE_FORMATS[content_type])


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def clean_file_name(name: str | None, extension: str) -> str:
    """The sender's file name as harmless text: no path, control or reserved characters, at
    most NAME_MAX characters, and ending with the extension of the type found."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem = _UNSAFE.sub("_", name).strip(" ._") or "document"
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    return f"{stem[: NAME_MAX - len(extension)]}{extension}"

"""One check for every uploaded file: its size, and its type judged by content, not by name.

A file called `report.xlsx` must really be an Office Open XML workbook, a `.csv` must be text
in UTF-8 or Windows-1252, an image must open in Pillow. Used by the report import form, and by
the Wagtail document and image forms (config.upload_forms), so every upload path agrees.
"""

import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

SNIFF_BYTES = 64 * 1024
TEXT_ENCODINGS = ("utf-8-sig", "cp1252")

# Office Open XML: the main part each kind must declare in [Content_Types].xml.
OOXML_MAIN_PARTS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
OPENDOCUMENT_MIMETYPES = {
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odt": b"application/vnd.oasis.opendocument.text",
}
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
TEXT_KINDS = {"csv", "txt"}


def max_upload_size() -> int:
    return settings.MAX_UPLOAD_SIZE


def extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _is_text(data: bytes) -> bool:
    if b"\x00" in data[:SNIFF_BYTES]:
        return False
    for encoding in TEXT_ENCODINGS:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _is_ooxml(data: bytes, kind: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # Read one small member only: a zip bomb must not unpack here.
            if archive.getinfo("[Content_Types].xml").file_size > 1024 * 1024:
                return False
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return False
    return OOXML_MAIN_PARTS[kind] in content_types


def _is_opendocument(data: bytes, kind: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").strip() == OPENDOCUMENT_MIMETYPES[kind]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return False


def _is_image(data: bytes, kind: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return image.format == IMAGE_FORMATS[kind]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


def content_matches(data: bytes, kind: str) -> bool:
    """Whether the bytes are what the extension `kind` promises."""
    if kind in TEXT_KINDS:
        return _is_text(data)
    if kind in OOXML_MAIN_PARTS:
        return _is_ooxml(data, kind)
    if kind in OPENDOCUMENT_MIMETYPES:
        return _is_opendocument(data, kind)
    if kind in IMAGE_FORMATS:
        return _is_image(data, kind)
    if kind == "pdf":
        return data.startswith(b"%PDF-")
    if kind == "rtf":
        return data.startswith(b"{\\rtf")
    return False  # a kind we cannot check is a kind we do not accept


def validate_upload(upload, *, allowed: set[str] | list[str], max_size: int | None = None) -> str:
    """Check an uploaded file's size and type; return its kind (the extension, lower case).

    Raises ValidationError with a Swedish message naming the limit or the accepted types.
    """
    limit = max_size or max_upload_size()
    if upload.size > limit:
        raise ValidationError(
            _("Filen är för stor (%(size)s). Största tillåtna storlek är %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    kind = extension(upload.name)
    accepted = ", ".join(sorted(allowed))
    if kind not in allowed:
        raise ValidationError(
            _("Filtypen stöds inte. Tillåtna filtyper: %(types)s.") % {"types": accepted},
            code="type",
        )
    if not content_matches(_read(upload), kind):
        raise ValidationError(
            _(
                "Filens innehåll stämmer inte med filändelsen .%(kind)s. Spara filen på nytt i "
                "rätt format (tillåtna filtyper: %(types)s)."
            )
            % {"kind": kind, "types": accepted},
            code="content",
        )
    return kind


@deconstructible
class UploadValidator:
    """Form or model field validator: `validators=[UploadValidator({"csv", "xlsx"})]`."""

    def __init__(self, allowed, max_size: int | None = None):
        self.allowed = set(allowed)
        self.max_size = max_size

    def __call__(self, upload) -> None:
        validate_upload(upload, allowed=self.allowed, max_size=self.max_size)

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.allowed == other.allowed
            and self.max_size == other.max_size
        )

"""Uploads are checked for size and for type by content, on every upload path: the report import,
and Wagtail's documents and images. A renamed file is refused with a Swedish message."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image
from wagtail.documents.models import Document
from wagtail.images.models import Image as WagtailImage

from core.uploads import validate_upload
from partners.factories import UserFactory


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["kpi", "värde"])
    workbook.save(buffer)
    return buffer.getvalue()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.fixture
def editor(db):
    """Someone allowed to add documents and images in the Wagtail admin."""
    return UserFactory(is_superuser=True)


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)


@pytest.mark.parametrize(
    "name, content, allowed",
    [
        ("varden.csv", "år;värde\n2024;12,5\n".encode(), {"csv"}),
        ("varden.csv", "år;värde\n2024;12,5\n".encode("cp1252"), {"csv"}),
        ("varden.xlsx", _xlsx(), {"xlsx"}),
        ("bild.png", _png(), {"png"}),
        ("rapport.pdf", b"%PDF-1.7\n%...", {"pdf"}),
    ],
)
def test_good_files_pass(name, content, allowed):
    assert (
        validate_upload(SimpleUploadedFile(name, content), allowed=allowed)
        == name.rsplit(".", 1)[1]
    )


@pytest.mark.parametrize(
    "name, content",
    [
        ("varden.csv", EXE),
        ("varden.xlsx", EXE),
        ("varden.xlsx", _plain_zip()),
        ("varden.xlsx", "år;värde\n".encode()),
        ("bild.png", _xlsx()),
        ("rapport.pdf", EXE),
    ],
)
def test_files_disguised_by_their_extension_are_refused(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content), allowed={"csv", "xlsx", "png", "pdf"})
    assert "stämmer inte med filändelsen" in error.value.messages[0]


def test_an_unlisted_type_is_refused_naming_the_accepted_ones():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("virus.exe", EXE), allowed={"csv", "xlsx"})
    assert error.value.messages[0] == "Filtypen stöds inte. Tillåtna filtyper: csv, xlsx."


def test_a_file_over_the_limit_is_refused_naming_the_limit(settings):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("a.csv", b"x" * (1024 * 1024 + 1)), allowed={"csv"})
    assert "Största tillåtna storlek är 1,0\xa0MB" in error.value.messages[0]


@pytest.mark.django_db
def test_the_wagtail_admin_refuses_a_disguised_document_and_keeps_a_real_one(client, editor):
    client.force_login(editor)
    url = "/admin/documents/add/"

    disguised = client.post(
        url, {"title": "Program", "file": SimpleUploadedFile("program.pdf", EXE), "collection": 1}
    )
    real = client.post(
        url,
        {"title": "Data", "file": SimpleUploadedFile("data.xlsx", _xlsx()), "collection": 1},
    )

    assert "stämmer inte med filändelsen .pdf" in disguised.content.decode()
    assert list(Document.objects.values_list("title", flat=True)) == ["Data"]
    assert real.status_code == 302


@pytest.mark.django_db
def test_the_wagtail_admin_refuses_an_image_too_big(client, editor, settings):
    settings.MAX_UPLOAD_SIZE = 100
    client.force_login(editor)

    response = client.post(
        "/admin/images/add/",
        {
            "title": "Logga",
            "file": SimpleUploadedFile("logga.png", _png() + bytes(200)),
            "collection": 1,
        },
    )

    assert "Största tillåtna storlek" in response.content.decode()
    assert not WagtailImage.objects.exists()

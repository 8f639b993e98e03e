"""Wagtail's document and image forms with the portal's upload check (core.uploads).

Wired in through WAGTAILDOCS_DOCUMENT_FORM_BASE and WAGTAILIMAGES_IMAGE_FORM_BASE, so the
single and the multiple uploader in the admin both use them.
"""

from django.conf import settings
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from core.uploads import IMAGE_FORMATS, validate_upload


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Only a newly uploaded file has a content type; an unchanged one is the stored file.
        if upload is not None and hasattr(upload, "content_type"):
            validate_upload(upload, allowed=set(settings.WAGTAILDOCS_EXTENSIONS))
        return upload


class ImageForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type"):
            validate_upload(upload, allowed=set(IMAGE_FORMATS))
        return upload

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile


def within_upload_limit(upload: UploadedFile) -> UploadedFile:
    """``upload`` if within ``CSCW_MAX_UPLOAD_BYTES``; else a ValidationError naming the file and sizes."""
    limit = settings.CSCW_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            f"{upload.name}: is {upload.size:,} bytes, over the {limit:,} byte upload limit"
        )
    return upload


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Census file",
        help_text="Census XML, or the XLSX template (.xlsx).",
        error_messages={"required": "Select a census file to upload", "empty": "The selected file is empty"},
    )

    def clean_file(self) -> object:
        return within_upload_limit(self.cleaned_data["file"])

from __future__ import annotations

from django import forms
from django.conf import settings


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Census file",
        help_text="Census XML, or the XLSX template (.xlsx).",
        error_messages={"required": "Select a census file to upload", "empty": "The selected file is empty"},
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.CSCW_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"{upload.name}: is {upload.size:,} bytes, over the {limit:,} byte upload limit"
            )
        return upload

"""Upload of the council's SSDA903 tables."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from csc_workforce.web.returns.forms import within_upload_limit


class TablesUploadForm(forms.Form):
    episodes = forms.FileField(
        label="Episodes table (CSV)",
        error_messages={
            "required": "Select the SSDA903 episodes table",
            "empty": "The episodes file is empty",
        },
    )
    social_workers = forms.FileField(
        label="Social worker episodes table (CSV)",
        error_messages={
            "required": "Select the SSDA903 social worker episodes table",
            "empty": "The social worker episodes file is empty",
        },
    )
    header = forms.FileField(
        label="Header table (CSV, optional: for the breakdown by sex)",
        required=False,
        error_messages={"empty": "The header file is empty"},
    )

    def clean_episodes(self) -> UploadedFile:
        return within_upload_limit(self.cleaned_data["episodes"])

    def clean_social_workers(self) -> UploadedFile:
        return within_upload_limit(self.cleaned_data["social_workers"])

    def clean_header(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("header")
        return within_upload_limit(upload) if upload else None

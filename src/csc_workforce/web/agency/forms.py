"""Upload forms: an engagement register (council), the caps and costs files (region)."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from csc_workforce.web.returns.forms import within_upload_limit


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label="Engagement register",
        error_messages={
            "required": "Select an engagement register to upload",
            "empty": "The selected file is empty",
        },
    )

    def clean_file(self) -> UploadedFile:
        return within_upload_limit(self.cleaned_data["file"])


class TermsUploadForm(forms.Form):
    caps = forms.FileField(
        label="Price caps file",
        error_messages={
            "required": "Select the region's price caps file",
            "empty": "The selected file is empty",
        },
    )
    permanent_costs = forms.FileField(
        label="Permanent staff costs (optional)",
        required=False,
        error_messages={"empty": "The selected permanent costs file is empty"},
    )
    cooling_off_months = forms.IntegerField(
        label="Cooling-off period agreed by the region, in months (optional)",
        required=False,
        min_value=3,
        max_value=120,
        error_messages={
            "min_value": "The cooling-off period cannot be shorter than the national 3 months",
            "max_value": "Enter a cooling-off period of at most 120 months",
            "invalid": "Enter the cooling-off period as a whole number of months, like 6",
        },
    )

    def clean_caps(self) -> UploadedFile:
        return within_upload_limit(self.cleaned_data["caps"])

    def clean_permanent_costs(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("permanent_costs")
        return within_upload_limit(upload) if upload else None

from __future__ import annotations

from datetime import date, timedelta

from django import forms

from csc_workforce.core.census.registry import YEARS
from csc_workforce.web.returns.forms import within_upload_limit


def last_month_end(today: date) -> date:
    """The last day of the month before ``today``'s month."""
    return today.replace(day=1) - timedelta(days=1)


class StartForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Collection year",
        choices=[(year, str(year)) for year in reversed(YEARS)],
        coerce=int,
        help_text="The census year of the return: 1 October to 30 September.",
    )
    as_of = forms.DateField(
        label="Date of the workforce position",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        help_text="The position over the 12 months to this date is shown on the dashboard, e.g. 2025-09-30.",
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, for example 2025-09-30"},
    )
    staff = forms.FileField(
        label="HR extract",
        help_text=(
            "CSV or Excel (.xlsx), one row per post; the heading row may be anywhere in the first 20 rows."
        ),
        error_messages={"required": "Select the HR extract to upload", "empty": "The selected file is empty"},
    )
    agency = forms.FileField(
        label="Agency list (optional)",
        required=False,
        help_text="The agency or managed-service register: CSV or Excel (.xlsx).",
        error_messages={"empty": "The selected agency list is empty"},
    )

    def clean_staff(self) -> object:
        return within_upload_limit(self.cleaned_data["staff"])

    def clean_agency(self) -> object:
        upload = self.cleaned_data.get("agency")
        return within_upload_limit(upload) if upload else None

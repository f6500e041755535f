"""Forms of the account pages. Error messages follow the GOV.UK Design System's wording."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from csc_workforce.web.orgs.models import COUNCIL_ROLES, ROLE_CHOICES, Council, Region, Role
from csc_workforce.web.useradmin.services import NO_ROLE, AccountError, Scope, check_new_username


def _council_field(label: str, *, empty_label: str) -> forms.ModelChoiceField:
    """An optional choice of council, submitted as its LA code."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Council.objects.order_by("name"),
        to_field_name="la_code",
        required=False,
        empty_label=empty_label,
        error_messages={"invalid_choice": "Select a council from the list"},
    )


def _region_field(label: str, *, empty_label: str) -> forms.ModelChoiceField:
    """An optional choice of region, submitted as its slug."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=empty_label,
        error_messages={"invalid_choice": "Select a region from the list"},
    )


class ScopeForm(forms.Form):
    """A role and, for it, a council (analyst, manager) or a region (regional lead)."""

    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
    council = _council_field("Council (for a council analyst or manager)", empty_label="Choose a council")
    region = _region_field("Region (for a regional lead)", empty_label="Choose a region")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if role in COUNCIL_ROLES and not cleaned.get("council") and "council" not in self.errors:
            self.add_error("council", "Select the council of this council analyst or manager")
        if role == Role.REGIONAL_LEAD and not cleaned.get("region") and "region" not in self.errors:
            self.add_error("region", "Select the region of this regional lead")
        return cleaned

    def scope(self) -> Scope:
        """The chosen scope, keeping only the council or region the role uses."""
        role = Role(self.cleaned_data["role"])
        return Scope(
            role,
            council=self.cleaned_data["council"] if role in COUNCIL_ROLES else None,
            region=self.cleaned_data["region"] if role == Role.REGIONAL_LEAD else None,
        )


class NewAccountForm(ScopeForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="Letters a to z, digits and @ . + - _ only, for example analyst.873 or j.smith",
        error_messages={
            "required": "Enter a username",
            "max_length": "Username must be 150 characters or fewer",
        },
    )
    field_order: ClassVar = ["username", "role", "council", "region"]

    def clean_username(self) -> str:
        try:
            return check_new_username(str(self.cleaned_data["username"]))
        except AccountError as error:
            raise forms.ValidationError(str(error)) from None


class AccountFilterForm(forms.Form):
    """The list's filters (GET); an unknown value is an error shown on the page, not a crash."""

    council = _council_field("Council", empty_label="Any council")
    region = _region_field("Region", empty_label="Any region")
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Any role"), *ROLE_CHOICES, (NO_ROLE, "No role")],
        required=False,
        error_messages={"invalid_choice": "Select a role from the list"},
    )

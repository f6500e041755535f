"""The scenario form: what a council could change, and how long and how many futures to run.

Bounds keep a page responsive (at most 5,000 simulations of 36 months: well under a second).
"""

from __future__ import annotations

from typing import Any, Final

from django import forms

from csc_workforce.core.forecast import DEFAULT_SEED, Scenario, ScenarioError

DEFAULT_PAGE_SIMS: Final = 1000
MAX_PAGE_SIMS: Final = 5000


class ScenarioForm(forms.Form):
    name = forms.CharField(
        label="Scenario name",
        max_length=40,
        required=False,
        initial="scenario",
        help_text="Shown in the charts and the comparison table.",
    )
    retention_improvement = forms.FloatField(
        label="Fewer leavers (%)",
        min_value=-50,
        max_value=90,
        initial=0,
        help_text="For example, 10 for 10% fewer leavers each year. Negative means more leavers.",
    )
    extra_newly_qualified_fte = forms.FloatField(
        label="Extra newly qualified social workers each September (FTE)",
        min_value=0,
        max_value=500,
        initial=0,
    )
    caseload_cap = forms.FloatField(
        label="Caseload cap (cases per case-holding FTE)",
        min_value=5,
        max_value=40,
        required=False,
        help_text="Leave empty to keep caseloads at today's level. Posts are funded to meet the cap.",
    )
    agency_conversion_fte = forms.FloatField(
        label="Agency FTE converted to permanent posts",
        min_value=0,
        max_value=2000,
        initial=0,
    )
    conversion_months = forms.IntegerField(
        label="Months over which to convert them", min_value=1, max_value=36, initial=6
    )
    months = forms.IntegerField(label="Months ahead", min_value=12, max_value=36, initial=36)
    sims = forms.IntegerField(
        label="Simulated futures",
        min_value=100,
        max_value=MAX_PAGE_SIMS,
        initial=DEFAULT_PAGE_SIMS,
        help_text=f"100 to {MAX_PAGE_SIMS:,}. More futures give smoother bands.",
    )
    seed = forms.IntegerField(
        label="Random seed",
        min_value=0,
        max_value=2**32 - 1,
        initial=DEFAULT_SEED,
        help_text="The same inputs and seed always give the same forecast.",
    )

    def clean_name(self) -> str:
        name = str(self.cleaned_data.get("name") or "").strip()
        if name.lower() == "baseline":
            raise forms.ValidationError("Choose a name other than ‘baseline’")
        return name or "scenario"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                self.scenario()
            except ScenarioError as exc:
                raise forms.ValidationError(str(exc)) from None
        return data

    def scenario(self) -> Scenario:
        data = self.cleaned_data
        return Scenario(
            name=data["name"],
            retention_improvement=data["retention_improvement"] / 100.0,
            extra_newly_qualified_fte=data["extra_newly_qualified_fte"],
            caseload_cap=data["caseload_cap"],
            agency_conversion_fte=data["agency_conversion_fte"],
            conversion_months=data["conversion_months"],
        )


def initial_settings() -> dict[str, int]:
    """Months, simulations and seed for the baseline before the form is submitted."""
    return {"months": 36, "sims": DEFAULT_PAGE_SIMS, "seed": DEFAULT_SEED}


class RegionForm(forms.Form):
    months = forms.TypedChoiceField(
        label="Months ahead",
        choices=[(12, "12 months"), (24, "24 months"), (36, "36 months")],
        coerce=int,
        initial=12,
    )


class StandardForm(forms.Form):
    caseload_standard = forms.FloatField(
        label="Caseload standard (cases per case-holding FTE)",
        min_value=5,
        max_value=40,
        required=False,
        help_text="The caseload the council works to. Empty: show the risk for a range of standards.",
    )

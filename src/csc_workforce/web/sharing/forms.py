from __future__ import annotations

from django import forms

from csc_workforce.web.sharing.services import HORIZONS, PRUDENCE_CHOICES


class PlanForm(forms.Form):
    horizon = forms.TypedChoiceField(
        label="Months ahead",
        choices=[(h, f"{h} months") for h in HORIZONS],
        coerce=int,
        initial=12,
    )
    prudence = forms.TypedChoiceField(
        label="Prudence: what each council has in",
        choices=[(p, f"{round(100 * p)} futures in 100") for p in PRUDENCE_CHOICES],
        coerce=float,
        initial=0.9,
    )
    neighbours = forms.FileField(
        label="Neighbouring councils (optional)",
        help_text="CSV or Excel with columns from_la and to_la (DfE LA codes), and optionally "
        "travel_minutes: loans only between the pairs listed, nearer pairs preferred.",
        required=False,
    )


class OfferForm(forms.Form):
    max_lend_fte = forms.FloatField(
        label="Most case-holding FTE you would lend (leave empty to lend up to your whole surplus)",
        required=False,
        min_value=0,
        max_value=1000,
    )
    refuses_to_receive = forms.BooleanField(
        label="We do not want to receive staff from other councils", required=False
    )

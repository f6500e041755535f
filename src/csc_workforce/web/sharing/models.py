"""Staff sharing: each council's offer, the lead's planning runs and the loans proposed in them.

Figures are per council and role (FTE), never per person. A loan is agreed when both the lending
and the receiving council have accepted it; it then counts in both councils' forecasts.
"""

from __future__ import annotations

from django.db import models

from csc_workforce.core.forecast.surplus import CASE_HOLDING


class SharingOffer(models.Model):
    """What a council sets for the planner: at most ``max_lend_fte`` lent in ``role`` (empty: up
    to its whole surplus), and whether it refuses to receive staff in that role."""

    council = models.ForeignKey("orgs.Council", on_delete=models.CASCADE, related_name="sharing_offers")
    role = models.CharField(max_length=80, default=CASE_HOLDING)
    max_lend_fte = models.FloatField(null=True, blank=True)
    refuses_to_receive = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["council", "role"], name="one_sharing_offer_per_role"),
        )

    def __str__(self) -> str:
        return f"{self.council_id} {self.role}: lends up to {self.max_lend_fte}"


class SharingRun(models.Model):
    """One "Propose loans" by the regional lead: the ledger planned from and its totals."""

    region = models.ForeignKey("orgs.Region", on_delete=models.CASCADE, related_name="sharing_runs")
    horizon = models.PositiveSmallIntegerField()
    prudence = models.FloatField()
    ledger = models.JSONField(default=list)  # [{la_code, role, surplus_fte, risk}]
    skipped = models.JSONField(default=list)  # [reason]
    neighbours = models.JSONField(default=list)  # [[la, la, minutes or None]]: loans only between these
    covered_fte = models.FloatField()
    uncovered_fte = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.region_id} {self.horizon} months at {self.prudence}"


class Decision(models.TextChoices):
    PENDING = "pending", "Waiting"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Loan(models.Model):
    """A proposed loan and each side's decision; agreed once both sides accept."""

    run = models.ForeignKey(SharingRun, on_delete=models.CASCADE, related_name="loans")
    from_council = models.ForeignKey("orgs.Council", on_delete=models.CASCADE, related_name="loans_out")
    to_council = models.ForeignKey("orgs.Council", on_delete=models.CASCADE, related_name="loans_in")
    role = models.CharField(max_length=80)
    fte = models.FloatField()
    start = models.DateField()  # the first month of the loan
    months = models.PositiveSmallIntegerField()
    donor_risk_before = models.FloatField(null=True)
    donor_risk_after = models.FloatField(null=True)
    recipient_risk_before = models.FloatField(null=True)
    recipient_risk_after = models.FloatField(null=True)
    agency_spend_avoided = models.FloatField()  # £, at the recipient's agency cost per FTE-year
    donor_decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    donor_decided_by = models.CharField(max_length=150, blank=True)
    donor_decided_at = models.DateTimeField(null=True)
    recipient_decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    recipient_decided_by = models.CharField(max_length=150, blank=True)
    recipient_decided_at = models.DateTimeField(null=True)
    agreed_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ("start", "from_council__la_code", "to_council__la_code", "id")

    @property
    def status(self) -> str:
        if self.agreed_at is not None:
            return "Agreed"
        if Decision.DECLINED in (self.donor_decision, self.recipient_decision):
            return "Declined"
        return "Proposed"

    def __str__(self) -> str:
        return f"{self.from_council_id} to {self.to_council_id}: {self.fte} FTE {self.role}"


class LoanStaff(models.Model):
    """Who the lending council lends, said when it accepts: permanent staff (no row, or ``agency``
    False) or named engagements from its own current register, with the agency rules' flags for
    them as the receiving council would engage them, and each side's reason for accepting a loan
    that would breach."""

    loan = models.OneToOneField(Loan, on_delete=models.CASCADE, related_name="staff")
    agency = models.BooleanField(default=False)
    register = models.ForeignKey(
        "agency.EngagementRegister", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    engagement_ids = models.JSONField(default=list)  # the lending council's own ids; shown only to it
    flags = models.JSONField(default=list)  # [LoanFlag.as_dict()]
    notes = models.JSONField(default=list)  # what the check could not judge
    checked_at = models.DateTimeField(null=True)
    donor_reason = models.TextField(blank=True)
    recipient_reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"loan {self.loan_id}: {len(self.engagement_ids) if self.agency else 'permanent'} staff"

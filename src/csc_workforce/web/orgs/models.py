"""Regions, councils and who belongs where. Access decisions live in ``csc_workforce.web.policy``."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from django.conf import settings
from django.db import models


class Region(models.Model):
    """One of England's nine regions, as DfE publishes them."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(max_length=9, blank=True)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Council(models.Model):
    """A council with children's services, by its 3-digit DfE LA code."""

    la_code = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=150)
    new_la_code = models.CharField(max_length=9, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="councils")

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.la_code})"


class Role(StrEnum):
    COUNCIL_ANALYST = "council_analyst"
    COUNCIL_MANAGER = "council_manager"
    REGIONAL_LEAD = "regional_lead"
    ADMIN = "admin"


ROLE_CHOICES = [
    (Role.COUNCIL_ANALYST.value, "Council analyst"),
    (Role.COUNCIL_MANAGER.value, "Council manager"),
    (Role.REGIONAL_LEAD.value, "Regional lead"),
    (Role.ADMIN.value, "Administrator"),
]


COUNCIL_ROLES = frozenset({Role.COUNCIL_ANALYST, Role.COUNCIL_MANAGER})


class Membership(models.Model):
    """A user's role: council roles name a council, the regional lead a region, admins neither."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField(max_length=20, choices=ROLE_CHOICES)
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="leads")

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(role__in=sorted(COUNCIL_ROLES), council__isnull=False, region__isnull=True)
                    | models.Q(role=Role.REGIONAL_LEAD, council__isnull=True, region__isnull=False)
                    | models.Q(role=Role.ADMIN, council__isnull=True, region__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        scope = self.council or self.region or "everything"
        return f"{self.user} · {self.get_role_display()} · {scope}"

"""Service navigation links for the signed-in user's role (a context processor), built by URL name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from csc_workforce.web import policy

COUNCIL_LINKS = (
    ("Dashboard", "dashboards:council"),
    ("Workers", "returns:workers"),
    ("Submissions", "returns:submissions"),
    ("Agency", "agency:council"),
    ("Forecast", "forecasts:council"),
    ("Retention", "staying:council"),
    ("Continuity", "continuity:council"),
    ("Sharing", "sharing:council"),
)
USERS_LINK = ("Users", "useradmin:list")
AUDIT_LOG_LINK = ("Audit log", "auditlog:list")
REGION_LINKS = (
    ("Region", "dashboards:region"),
    ("Region agency", "agency:region"),
    ("Region forecast", "forecasts:region"),
    ("Region retention", "staying:region"),
    ("Region continuity", "continuity:region"),
    ("Region sharing", "sharing:region"),
)


@dataclass(frozen=True, slots=True)
class NavLink:
    text: str
    href: str
    active: bool


def _link(request: HttpRequest, text: str, name: str, argument: str | None = None) -> NavLink:
    href = reverse(name, args=[argument] if argument is not None else [])
    overview = name in ("dashboards:council", "dashboards:region")  # their URL prefixes every page
    active = request.path == href or (not overview and request.path.startswith(href))
    return NavLink(text, href, active)


def links_for(request: HttpRequest) -> list[NavLink]:
    """Links for a council user's council and a regional lead's region; an administrator gets the
    links of the council or region whose page is open, and the account pages."""
    user = getattr(request, "user", None)
    membership = policy.membership_of(user)
    if membership is None:
        return []
    la_code = membership.council.la_code if membership.council is not None else None
    slug = membership.region.slug if membership.region is not None else None
    if membership.role == "admin" and request.resolver_match is not None:
        la_code = request.resolver_match.kwargs.get("la_code")
        slug = request.resolver_match.kwargs.get("slug")
    links: list[NavLink] = []
    if la_code:
        links += [_link(request, text, name, la_code) for text, name in COUNCIL_LINKS]
    if slug:
        links += [_link(request, text, name, slug) for text, name in REGION_LINKS]
    if policy.can_manage_users(user):
        links.append(_link(request, *USERS_LINK))
    if policy.can_read_audit_log(user):
        links.append(_link(request, *AUDIT_LOG_LINK))
    return links


def navigation(request: HttpRequest) -> dict[str, Any]:
    membership = policy.membership_of(getattr(request, "user", None))
    return {
        "navigation_links": links_for(request),
        "user_membership": membership,
        "csp_nonce": getattr(request, "csp_nonce", ""),
    }

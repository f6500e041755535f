"""Who may see what: the one place for access decisions. Every view and API call goes through it.

- Council analysts and managers see their own council: its dashboard, workers and submissions.
- A regional lead sees the region's pages (suppressed aggregates only), never a council's own
  pages and never a worker row.
- Council analysts and managers also see their own region's dashboard (suppressed aggregates of
  its member councils, exactly what the regional lead sees there) to compare themselves with
  their neighbours; not other regions, nor other pages of the region.
- An administrator sees everything, and alone manages accounts (``/manage/users/``): creates users,
  grants any role, deactivates and reactivates, but never changes their own account. Regional leads
  and council managers get no view of accounts at all (least privilege: the list holds staff names
  and sign-in times their work does not need; an administrator answers "who has access?").
Unknown councils and regions are 404; known ones the user may not see are 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.orgs.models import COUNCIL_ROLES, Council, Membership, Region, Role


def membership_of(user: Any) -> Membership | None:
    """The user's role and scope; None for anonymous or inactive users and users with no role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        membership: Membership = user.membership
    except Membership.DoesNotExist:
        return None
    return membership


def role_of(user: Any) -> Role | None:
    membership = membership_of(user)
    return Role(membership.role) if membership is not None else None


def is_admin(user: Any) -> bool:
    return role_of(user) is Role.ADMIN


def _member_of_council(user: Any, council: Council) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role in COUNCIL_ROLES and membership.council_id == council.pk


def can_see_council(user: Any, council: Council) -> bool:
    """The council's own pages (dashboard, submissions): its members and administrators."""
    return is_admin(user) or _member_of_council(user, council)


def can_see_workers(user: Any, council: Council) -> bool:
    """Worker-level rows: the council's own analysts and managers, and administrators."""
    return is_admin(user) or _member_of_council(user, council)


def can_upload(user: Any, council: Council) -> bool:
    """Upload and accept returns: the council's own analysts and managers, and administrators."""
    return is_admin(user) or _member_of_council(user, council)


def can_see_region(user: Any, region: Region) -> bool:
    """Regional pages (suppressed aggregates): the region's lead and administrators."""
    membership = membership_of(user)
    if membership is None:
        return False
    return membership.role == Role.ADMIN or (
        membership.role == Role.REGIONAL_LEAD and membership.region_id == region.pk
    )


def councils_visible_to(user: Any) -> QuerySet[Council]:
    """Councils whose own pages the user may open (a regional lead's region is in ``regions_visible_to``)."""
    membership = membership_of(user)
    if membership is None:
        return Council.objects.none()
    if membership.role == Role.ADMIN:
        return Council.objects.select_related("region").all()
    if membership.role in COUNCIL_ROLES:
        return Council.objects.select_related("region").filter(pk=membership.council_id)
    return Council.objects.none()


def regions_visible_to(user: Any) -> QuerySet[Region]:
    membership = membership_of(user)
    if membership is None:
        return Region.objects.none()
    if membership.role == Role.ADMIN:
        return Region.objects.all()
    if membership.role == Role.REGIONAL_LEAD:
        return Region.objects.filter(pk=membership.region_id)
    return Region.objects.none()


def council_for(request: HttpRequest, la_code: str) -> Council:
    """The council ``la_code`` if the user may open its pages: 404 when unknown, 403 when not allowed."""
    try:
        council = Council.objects.select_related("region").get(la_code=la_code)
    except Council.DoesNotExist:
        raise Http404("No such council") from None
    if not can_see_council(request.user, council):
        raise PermissionDenied("You do not have access to this council")
    return council


def workers_council_for(request: HttpRequest, la_code: str) -> Council:
    """As :func:`council_for`, for pages and exports of worker-level rows; a refusal (403) is
    audited (``access_refused``), so attempts on another council's people leave a trace."""
    try:
        council = council_for(request, la_code)
        if not can_see_workers(request.user, council):
            raise PermissionDenied("You do not have access to this council's workers")
    except PermissionDenied:
        refused = Council.objects.filter(la_code=la_code).first()
        record_event(request, Action.ACCESS_REFUSED, refused, page="worker rows")
        raise
    return council


def upload_council_for(request: HttpRequest, la_code: str) -> Council:
    """As :func:`council_for`, for uploading and accepting returns."""
    council = council_for(request, la_code)
    if not can_upload(request.user, council):
        raise PermissionDenied("You may not upload returns for this council")
    return council


def _region_if(request: HttpRequest, slug: str, allowed: Callable[[Any, Region], bool]) -> Region:
    try:
        region = Region.objects.get(slug=slug)
    except Region.DoesNotExist:
        raise Http404("No such region") from None
    if not allowed(request.user, region):
        raise PermissionDenied("You do not have access to this region")
    return region


def region_for(request: HttpRequest, slug: str) -> Region:
    """The region ``slug`` if the user may open its pages: 404 when unknown, 403 when not allowed."""
    return _region_if(request, slug, can_see_region)


def can_see_region_dashboard(user: Any, region: Region) -> bool:
    """The regional dashboard and measures API (suppressed aggregates only, never a worker row):
    whoever may see the region's pages, and the analysts and managers of its member councils, who
    need to see where their council stands among its neighbours (users.md: Priya)."""
    if can_see_region(user, region):
        return True
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role in COUNCIL_ROLES
        and membership.council is not None
        and membership.council.region_id == region.pk
    )


def region_dashboard_for(request: HttpRequest, slug: str) -> Region:
    """As :func:`region_for`, for the regional dashboard (also open to the region's council users)."""
    return _region_if(request, slug, can_see_region_dashboard)


def can_manage_users(user: Any) -> bool:
    """The account pages (list, create, change role, deactivate): administrators only."""
    return is_admin(user)


def can_grant_role(user: Any, role: Role) -> bool:
    """Whether ``user`` may give someone ``role``: only an administrator grants any role, an
    administrator's included, so no other role can create or promote an administrator."""
    del role  # every role, an administrator's included, is granted by administrators alone
    return is_admin(user)


def can_change_account(user: Any, account: Any) -> bool:
    """Change ``account``'s role, status or password: an administrator, never on their own account
    (no self-escalation, and the last administrator cannot lock everyone out)."""
    return can_manage_users(user) and account.pk != user.pk


def users_manager_check(request: HttpRequest) -> None:
    """403 unless the signed-in user may manage accounts."""
    if not can_manage_users(request.user):
        raise PermissionDenied("Only administrators manage user accounts")


def can_read_audit_log(user: Any) -> bool:
    """The audit log page and its downloads (``/manage/audit/``): administrators only."""
    return is_admin(user)


def audit_log_check(request: HttpRequest) -> None:
    """403 unless the signed-in user may read the audit log."""
    if not can_read_audit_log(request.user):
        raise PermissionDenied("Only administrators read the audit log")


def managed_user_for(request: HttpRequest, user_id: int) -> Any:
    """The account ``user_id`` for the account pages: 403 for anyone but an administrator (checked
    first, so others cannot probe which ids exist), 404 when unknown."""
    users_manager_check(request)
    account = (
        get_user_model()
        .objects.select_related("membership__council__region", "membership__region")
        .filter(pk=user_id)
        .first()
    )
    if account is None:
        raise Http404("No such user")
    return account


def changeable_user_for(request: HttpRequest, user_id: int) -> Any:
    """As :func:`managed_user_for`, for a change; 403 on the administrator's own account."""
    account = managed_user_for(request, user_id)
    if not can_change_account(request.user, account):
        raise PermissionDenied("Ask another administrator to change your own account")
    return account

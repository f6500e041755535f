"""Root URLs. Each app adds one include line here."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from csc_workforce.web import oidc, views
from csc_workforce.web.accounts import ThrottledLoginView
from csc_workforce.web.useradmin.own_password import OwnPasswordChangeView

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("", views.home, name="home"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/sign-in/refused/", oidc.sign_in_refused, name="oidc_refused"),
    path("oidc/authenticate/", oidc.CouncilSignInStartView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.CouncilSignInCallbackView.as_view(), name="oidc_authentication_callback"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", OwnPasswordChangeView.as_view(), name="password_change"),
    path("", include("csc_workforce.web.returns.urls")),
    path("", include("csc_workforce.web.dashboards.urls")),
    path("", include("csc_workforce.web.agency.urls")),
    path("", include("csc_workforce.web.forecasts.urls")),
    path("", include("csc_workforce.web.hrbuild.urls")),
    path("", include("csc_workforce.web.staying.urls")),
    path("", include("csc_workforce.web.continuity.urls")),
    path("", include("csc_workforce.web.sharing.urls")),
    path("", include("csc_workforce.web.jobs.urls")),
    path("manage/users/", include("csc_workforce.web.useradmin.urls")),
    path("manage/audit/", include("csc_workforce.web.useradmin.audit_urls")),
    path("", include(("csc_workforce.web.service_urls", "service"))),
]

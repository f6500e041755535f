"""The footer's service pages, the styled error pages and the keyboard-scrollable workers table."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import path

from csc_workforce.web.urls import urlpatterns as app_urls

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]


def _boom(request: Any) -> Any:
    raise RuntimeError("a bug")


urlpatterns = [*app_urls, path("boom/", _boom)]


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accessibility/", "Accessibility statement for csc-workforce"),
        ("/privacy/", "Privacy notice"),
        ("/cookies/", "Cookies"),
        ("/feedback/", "Give feedback on csc-workforce"),
    ],
)
def test_the_footer_links_to_real_pages_open_to_everyone(url: str, heading: str) -> None:
    login_page = Client().get("/accounts/login/").content.decode()
    footer = login_page.split('<footer class="govuk-footer">')[1]
    assert f'href="{url}"' in footer
    response = Client().get(url)
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in response.content.decode()


@override_settings(CSCW_SERVICE_CONTACT="workforce@council.example")
def test_feedback_names_the_configured_contact() -> None:
    assert b"mailto:workforce@council.example" in Client().get("/feedback/").content


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_shows_the_govuk_500_page() -> None:
    response = Client(raise_request_exception=False).get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert 'class="govuk-header"' in page
    assert "a bug" not in page and "Traceback" not in page


def test_unknown_pages_get_the_govuk_404_page() -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_the_workers_table_is_a_focusable_labelled_region(
    accepted_return: Any, analyst: Any, login: Any
) -> None:
    page = login(analyst).get("/councils/873/workers/?year=2024").content.decode()
    wrapper = page.split('<table class="govuk-table" id="workers-table">')[0].rsplit("<div", 1)[1]
    assert 'tabindex="0"' in wrapper
    assert 'role="region"' in wrapper
    assert 'aria-label="Worker records' in wrapper

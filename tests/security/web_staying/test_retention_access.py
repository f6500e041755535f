"""Retention pages: sign-in required, scoped by policy, hostile parameters never reflected."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = [pytest.mark.security, pytest.mark.web, pytest.mark.django_db]
HOSTILE = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    "path",
    [
        "/councils/873/retention/",
        "/councils/873/retention/export.xlsx",
        "/region/east-of-england/retention/",
        "/region/east-of-england/retention/export.pdf",
    ],
)
def test_anonymous_users_are_sent_to_sign_in(councils: Any, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_hostile_grouping_falls_back_and_is_not_reflected(login: Any, analyst: Any) -> None:
    response = login(analyst).get("/councils/873/retention/", {"by": HOSTILE})
    assert response.status_code == 200
    assert "alert(1)" not in response.content.decode()


def test_unknown_council_region_and_format(login: Any, analyst: Any, admin_user: Any) -> None:
    client = login(admin_user)
    assert client.get("/councils/999/retention/").status_code == 404
    assert client.get("/region/nowhere/retention/").status_code == 404
    assert client.get("/region/east-of-england/retention/export.exe").status_code == 404


def test_a_lead_of_another_region_cannot_open_a_council_page(login: Any, other_lead: Any) -> None:
    assert login(other_lead).get("/councils/873/retention/").status_code == 403
    assert login(other_lead).get("/region/east-of-england/retention/export.xlsx").status_code == 403

"""Structural accessibility of the returns pages: language, one h1, a title, labelled fields, table
headers with scope, a skip link, and no inline styles or scripts without the CSP nonce."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from csc_workforce.web.returns.services import check_upload
from tests.web_fixtures.returns import return_with_errors, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.title = ""
        self.h1 = 0
        self.labels: set[str] = set()
        self.fields: list[str] = []
        self.headers_without_scope = 0
        self.skip_link = False
        self.inline_styles = 0
        self.scripts_without_nonce = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang") or ""
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and attributes.get("for"):
            self.labels.add(attributes["for"] or "")
        elif tag in ("input", "select", "textarea") and attributes.get("type") not in ("hidden", "submit"):
            self.fields.append(attributes.get("id") or "(no id)")
        elif (
            tag == "th"
            and "scope" not in attributes
            and "govuk-summary-list__key" not in (attributes.get("class") or "")
        ):
            self.headers_without_scope += 1
        elif tag == "a" and attributes.get("href") == "#main-content":
            self.skip_link = True
        elif tag == "script" and "src" not in attributes and "nonce" not in attributes:
            self.scripts_without_nonce += 1
        if "style" in attributes:
            self.inline_styles += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _check(response: Any) -> None:
    assert response.status_code == 200, response.status_code
    page = _Page()
    page.feed(response.content.decode())
    assert page.lang == "en"
    assert page.title.strip()
    assert page.h1 == 1
    assert page.skip_link
    assert [field for field in page.fields if field not in page.labels] == []
    assert page.headers_without_scope == 0
    assert page.inline_styles == 0
    assert page.scripts_without_nonce == 0


def test_returns_pages_are_structurally_accessible(
    accepted_return: Any, analyst: Any, login: Any, settings: Any
) -> None:
    client = login(analyst)
    rejected = check_upload(
        accepted_return.council, xml_bytes(return_with_errors("873", 2024)), "bad.xml", analyst
    )
    settings.CSCW_INLINE_CHECK_BYTES = 1024  # the next upload waits for the worker: "Being checked"
    upload = io.BytesIO(xml_bytes(return_with_errors("873", 2024)))
    upload.name = "large.xml"
    checking = client.post("/councils/873/submissions/new/", {"file": upload})["Location"]
    assert "Being checked" in client.get(checking).content.decode()
    for url in (
        checking,
        "/councils/873/submissions/",
        "/councils/873/submissions/new/",
        f"/councils/873/submissions/{rejected.pk}/",
        f"/councils/873/submissions/{accepted_return.submission_id}/",
        "/councils/873/workers/",
    ):
        _check(client.get(url))
    _check(Client().get("/accounts/login/"))

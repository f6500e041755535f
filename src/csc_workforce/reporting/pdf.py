"""HTML to PDF with WeasyPrint, never touching the network or the file system.

Reports are built from our own HTML, but text inside them (agency names, council names) comes
from uploaded files. The URL fetcher refuses every URL except inline ``data:`` URIs, so no
``<img src="http://...">`` or ``url(file:///etc/passwd)`` can make the renderer fetch anything.

WeasyPrint takes over a second to import, so it is loaded on the first PDF, not when this module
is imported (the CLI and the web app import the report modules at start-up).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any


class RefusedURLError(ValueError):
    """A report tried to load something other than an inline ``data:`` URI."""


@cache
def data_only_fetcher_class() -> type[Any]:
    """A WeasyPrint URL fetcher that fetches ``data:`` URIs (inline images, fonts) and nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415 (slow import: see above)

    class DataOnlyURLFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False)

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if not url.lower().startswith("data:"):
                raise RefusedURLError(f"reports load no external resources; refused {url[:80]!r}")
            response: URLFetcherResponse = super().fetch(url, headers)
            return response

    return DataOnlyURLFetcher


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html`` (a complete document); external resources are not loaded."""
    from weasyprint import HTML  # noqa: PLC0415 (slow import: see above)

    document = HTML(string=html, base_url=None, url_fetcher=data_only_fetcher_class()())
    data: bytes = document.write_pdf()
    return data


def write_pdf(html: str, path: Path) -> None:
    """Write the PDF atomically: a failed render never leaves half a file."""
    data = html_to_pdf(html)
    temporary = path.with_name(path.name + ".part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)

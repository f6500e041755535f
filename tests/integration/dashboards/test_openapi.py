"""/api/openapi.json: a well-formed OpenAPI 3.1 document whose paths all exist and whose schemas
describe what the API returns."""

from __future__ import annotations

import re

import pytest
from django.urls import Resolver404, resolve

pytestmark = [pytest.mark.integration, pytest.mark.web]

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
EXAMPLES = {"la_code": "873", "slug": "east-of-england"}


@pytest.fixture
def document(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def resolve_ref(document, ref):
    assert ref.startswith("#/"), ref
    node = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def test_document_structure(document):
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] and document["info"]["version"]
    assert document["paths"]
    for ref in refs(document):
        resolve_ref(document, ref)  # every reference resolves
    for path, item in document["paths"].items():
        assert path.startswith("/")
        declared = set(re.findall(r"{([^}]+)}", path))
        for method, operation in item.items():
            assert method in METHODS
            assert operation["operationId"] and operation["responses"]
            for status in operation["responses"]:
                assert re.fullmatch(r"[1-5][0-9][0-9]", status)
            path_params = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert path_params == declared, path


def test_every_path_exists(document):
    for path in document["paths"]:
        concrete = re.sub(r"{([^}]+)}", lambda m: EXAMPLES[m.group(1)], path)
        try:
            resolve(concrete)
        except Resolver404:
            pytest.fail(f"{path} is in the OpenAPI document but not served")


def conforms(document, schema, value, where="$"):
    """A small checker for the subset of JSON Schema the document uses."""
    if "$ref" in schema:
        yield from conforms(document, resolve_ref(document, schema["$ref"]), value, where)
        return
    if "oneOf" in schema:
        matches = [s for s in schema["oneOf"] if not list(conforms(document, s, value, where))]
        if len(matches) != 1:
            yield f"{where}: {value!r} matches {len(matches)} of oneOf"
        return
    kind = schema.get("type")
    checks = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "number": (int, float),
        "null": type(None),
    }
    if kind and not (
        isinstance(value, checks[kind]) and not (kind in ("integer", "number") and isinstance(value, bool))
    ):
        yield f"{where}: expected {kind}, found {value!r}"
        return
    if "enum" in schema and value not in schema["enum"]:
        yield f"{where}: {value!r} not in enum"
    if kind == "object":
        for name in schema.get("required", []):
            if name not in value:
                yield f"{where}: missing {name}"
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                yield from conforms(document, sub, value[name], f"{where}.{name}")
    if kind == "array":
        for index, item in enumerate(value):
            yield from conforms(document, schema.get("items", {}), item, f"{where}[{index}]")


def response_schema(document, path):
    return document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]


def test_responses_conform_to_the_document(document, login, analyst, accepted_return):
    client = login(analyst)
    council = client.get("/api/councils/873/measures").json()
    assert (
        list(conforms(document, response_schema(document, "/api/councils/{la_code}/measures"), council)) == []
    )
    region = client.get("/api/regions/east-of-england/measures").json()
    assert list(conforms(document, response_schema(document, "/api/regions/{slug}/measures"), region)) == []
    # the checker does fail on a wrong document
    broken = dict(council, accepted_returns="nope")
    assert list(conforms(document, response_schema(document, "/api/councils/{la_code}/measures"), broken))

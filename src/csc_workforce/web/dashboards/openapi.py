"""The OpenAPI 3.1 description of the measures API (served at ``/api/openapi.json``)."""

from __future__ import annotations

from typing import Any

from csc_workforce.core.measure_labels import MEASURE_LABELS
from csc_workforce.core.measures_formulas import MEASURE_COLUMNS
from csc_workforce.web.dashboards.downloads import SYMBOL_LEGEND, SYMBOL_LEGEND_TEXT

COUNCIL_PATH = "/api/councils/{la_code}/measures"
REGION_PATH = "/api/regions/{slug}/measures"
OPENAPI_PATH = "/api/openapi.json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


def _schemas() -> dict[str, Any]:
    figure = {
        "description": f"A figure rounded as DfE publishes it, or a symbol: {SYMBOL_LEGEND_TEXT}",
        "oneOf": [{"type": "number"}, {"type": "string", "enum": sorted(SYMBOL_LEGEND)}],
    }
    measures = {
        "type": "object",
        "properties": {
            m: {**_ref("Figure"), "description": MEASURE_LABELS[m].definition} for m in MEASURE_COLUMNS
        },
        "required": list(MEASURE_COLUMNS),
    }
    year_measures = {
        "type": "object",
        "properties": {"time_period": {"type": "integer"}, "measures": _ref("Measures")},
        "required": ["time_period", "measures"],
    }
    comparison_row = {
        "type": "object",
        "properties": {
            "time_period": _nullable({"type": "integer"}),
            "measure": {"type": "string", "enum": list(MEASURE_COLUMNS)},
            "name": {"type": "string"},
            **{
                key: _ref("Figure")
                for key in (
                    "council_accepted_return",
                    "council_published",
                    "region",
                    "england",
                    "neighbours_mean",
                    "neighbours_median",
                )
            },
            "neighbours_with_figure": {"type": "integer"},
        },
        "required": ["measure", "council_accepted_return", "council_published", "region", "england"],
    }
    council = {
        "type": "object",
        "properties": {
            "old_la_code": {"type": "string"},
            "la_name": {"type": "string"},
            "region_name": {"type": "string"},
            "policy": {
                "type": "string",
                "description": "The measure policy the accepted returns were measured with",
            },
            "accepted_returns": {"type": "array", "items": _ref("YearMeasures")},
            "published": {"type": "array", "items": _ref("YearMeasures")},
            "comparison": {
                "type": "object",
                "properties": {
                    "time_period": _nullable({"type": "integer"}),
                    "rows": {"type": "array", "items": _ref("ComparisonRow")},
                },
                "required": ["time_period", "rows"],
            },
            "notes": {"type": "array", "items": {"type": "string"}},
        },
        "required": [
            "old_la_code",
            "la_name",
            "region_name",
            "accepted_returns",
            "published",
            "comparison",
            "notes",
        ],
    }
    region_council = {
        "type": "object",
        "properties": {
            "old_la_code": {"type": "string"},
            "la_name": {"type": "string"},
            "source": {"type": "string", "enum": ["accepted return", "published statistics"]},
            "measures": _ref("Measures"),
        },
        "required": ["old_la_code", "la_name", "source", "measures"],
    }
    region_year = {
        "type": "object",
        "properties": {
            "time_period": {"type": "integer"},
            "councils": {"type": "array", "items": _ref("RegionCouncil")},
            "region_published": _nullable(_ref("Measures")),
            "region_accepted_returns": _nullable(_ref("Measures")),
            "region_accepted_returns_councils": {"type": "integer"},
            "england": _nullable(_ref("Measures")),
        },
        "required": ["time_period", "councils", "region_published", "england"],
    }
    region = {
        "type": "object",
        "properties": {
            "region_name": {"type": "string"},
            "slug": {"type": "string"},
            "suppression_threshold": {"type": "integer", "minimum": 1},
            "years": {"type": "array", "items": _ref("RegionYear")},
        },
        "required": ["region_name", "slug", "suppression_threshold", "years"],
    }
    error = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
    return {
        "Figure": figure,
        "Measures": measures,
        "YearMeasures": year_measures,
        "ComparisonRow": comparison_row,
        "CouncilMeasures": council,
        "RegionCouncil": region_council,
        "RegionYear": region_year,
        "RegionMeasures": region,
        "Error": error,
    }


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


_ERRORS = {
    "401": _json("Error", "Not signed in"),
    "403": _json("Error", "Signed in without access to this council or region"),
    "404": _json("Error", "No such council or region"),
}


def openapi_document(server_url: str = "/") -> dict[str, Any]:
    """The OpenAPI 3.1 document; paths are relative to ``server_url``."""
    year = {
        "name": "year",
        "in": "query",
        "required": False,
        "description": "Comparison year (default: the latest with both a return and published statistics)",
        "schema": {"type": "integer", "minimum": 2017},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "csc-workforce measures API",
            "version": "1.0.0",
            "description": (
                "DfE's children's social work workforce measures for a council (its accepted census returns "
                "beside the published statistics) and for a region (member councils side by side, small "
                "numbers suppressed). Access follows the web app's roles; sign in through /accounts/login/."
            ),
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": server_url}],
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sessionid"}},
        },
        "security": [{"session": []}],
        "paths": {
            COUNCIL_PATH: {
                "get": {
                    "operationId": "councilMeasures",
                    "summary": "A council's measures for every year, with its comparison",
                    "parameters": [
                        {
                            "name": "la_code",
                            "in": "path",
                            "required": True,
                            "description": "DfE 3-digit LA code, e.g. 881",
                            "schema": {"type": "string", "pattern": "^[0-9]{3}$"},
                        },
                        year,
                    ],
                    "responses": {"200": _json("CouncilMeasures", "The council's measures"), **_ERRORS},
                }
            },
            REGION_PATH: {
                "get": {
                    "operationId": "regionMeasures",
                    "summary": "Every member council of a region side by side, suppressed",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "description": "Region slug, e.g. east-of-england",
                            "schema": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                        }
                    ],
                    "responses": {"200": _json("RegionMeasures", "The region's measures"), **_ERRORS},
                }
            },
            OPENAPI_PATH: {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "security": [],
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1 document",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
    }

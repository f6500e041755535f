"""Census return validation: one function per rule, stable ``CSWW-R`` codes, every problem in one run.

``validate_return`` runs them all; ``RULES`` is the catalogue (code, severity, check) that the
documentation in docs/census-validation.md lists.
"""

from csc_workforce.core.census.validation.catalogue import RULES, Rule
from csc_workforce.core.census.validation.context import ContinuityThresholds, year_from_name
from csc_workforce.core.census.validation.engine import validate_return
from csc_workforce.core.census.validation.file_rules import REPEATED_LA_BLOCK_NOTE, unreadable
from csc_workforce.core.census.validation.issue import SEVERITIES, Issue, Severity
from csc_workforce.core.census.validation.places import FOUND_LIMIT, cut
from csc_workforce.core.census.validation.summary import SummaryRow, in_report_order, summarise

__all__ = [
    "FOUND_LIMIT",
    "REPEATED_LA_BLOCK_NOTE",
    "RULES",
    "SEVERITIES",
    "ContinuityThresholds",
    "Issue",
    "Rule",
    "Severity",
    "SummaryRow",
    "cut",
    "in_report_order",
    "summarise",
    "unreadable",
    "validate_return",
    "year_from_name",
]

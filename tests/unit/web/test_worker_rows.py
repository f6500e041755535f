"""The workers page's rows rendered in Python equal what its template rendered (differential), for
any values, markup in them included."""

from __future__ import annotations

import re
from datetime import date

from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.web.returns.models import WorkerRecord
from csc_workforce.web.returns.worker_rows import ROW_FIELDS, worker_rows_html

# The template's row loop as it was before the rows were rendered in Python.
TEMPLATE_ROWS = Template(
    """{% load census_codes %}{% for row in rows %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.record }}</td>
      <td class="govuk-table__cell cscw-nowrap">{{ row.swe_no }}</td>
      <td class="govuk-table__cell">{{ agency }}</td>
      <td class="govuk-table__cell">{{ row.org_role|code_label:"OrgRole" }}</td>
      <td class="govuk-table__cell">{{ row.fte|default_if_none:"" }}</td>
      <td class="govuk-table__cell cscw-nowrap">{{ row.role_start_date|date:"Y-m-d" }}</td>
      <td class="govuk-table__cell cscw-nowrap">{{ row.role_end_date|date:"Y-m-d" }}</td>
      <td class="govuk-table__cell">{{ row.start_origin|code_label:"StartOrigin" }}</td>
      <td class="govuk-table__cell">{{ row.reason_leave|code_label:"ReasonLeave" }}</td>
      <td class="govuk-table__cell">{{ row.cases30|default_if_none:"" }}</td>
      <td class="govuk-table__cell">{{ row.working_days_lost|default_if_none:"" }}</td>
    </tr>
  {% endfor %}""".replace(
        "{{ agency }}",
        "{% if row.agency_worker is None %}?{% elif row.agency_worker %}Yes{% else %}No{% endif %}",
    )
)

text = st.text(alphabet=st.sampled_from("<>&\"'ab 1é"), max_size=6)
codes = st.one_of(st.sampled_from(["", "1", "2", "5", "9"]), text)
numbers = st.one_of(st.none(), st.floats(0, 40, allow_nan=False).map(lambda x: round(x, 2)))
records = st.builds(
    WorkerRecord,
    record=st.integers(1, 99999),
    swe_no=text,
    agency_worker=st.one_of(st.none(), st.booleans()),
    org_role=codes,
    fte=numbers,
    role_start_date=st.one_of(st.none(), st.dates(date(1960, 1, 1), date(2030, 12, 31))),
    role_end_date=st.one_of(st.none(), st.dates(date(1960, 1, 1), date(2030, 12, 31))),
    start_origin=codes,
    reason_leave=codes,
    cases30=st.one_of(st.none(), st.integers(0, 200)),
    working_days_lost=numbers,
)


def _squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@settings(max_examples=60, deadline=None)
@given(st.lists(records, max_size=5))
def test_python_rows_equal_the_template_rows(rows: list[WorkerRecord]) -> None:
    expected = TEMPLATE_ROWS.render(Context({"rows": rows}))
    values = [tuple(getattr(row, name) for name in ROW_FIELDS) for row in rows]
    assert _squeezed(worker_rows_html(values)) == _squeezed(expected)


def test_markup_in_a_value_is_escaped() -> None:
    row = (1, "<b>x</b>", None, "", None, None, None, "", "", None, None)
    html = worker_rows_html([row])
    assert "<b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html

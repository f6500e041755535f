"""The audit log cannot be rewritten unnoticed: the hash chain, the database's time, the triggers
and ``csc-workforce audit verify``, against the attacks of issue 10."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from csc_workforce.web.audit.chain import GENESIS, event_hash, verify_events
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.protection import missing_triggers
from csc_workforce.web.audit.services import record_event

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]

SRC = Path(__file__).resolve().parents[3] / "src" / "csc_workforce"


def _events() -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("id"))


def _raw_insert(at: Any, previous_hash: str, *, pk: int | None = None) -> None:
    columns = "at, user_id, username, action, la_code, path, ip_address, detail, previous_hash"
    values = [at, None, "mallory", "login", "", "", "10.0.0.9", "{}", previous_hash]
    if pk is not None:
        columns = "id, " + columns
        values = [pk, *values]
    placeholders = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO audit_auditevent ({columns}) VALUES ({placeholders})", values)


def test_each_event_links_to_the_one_before(council: Any) -> None:
    first = record_event(None, "upload", council, username="someone", files=1)
    second = record_event(None, "accept", council, username="someone", year=2024)
    first.refresh_from_db()
    assert first.previous_hash == GENESIS
    assert second.previous_hash == event_hash(first)
    report = verify_events(_events())
    assert report.whole
    assert report.events == 2
    assert report.head == event_hash(AuditEvent.objects.get(pk=second.pk))


def test_the_time_comes_from_the_database_not_the_caller(council: Any) -> None:
    before = timezone.now() - timedelta(seconds=5)
    event = record_event(None, "upload", council, username="someone")
    event.refresh_from_db()
    assert before <= event.at <= timezone.now() + timedelta(seconds=5)
    # The model gives the caller no way to set it: a create() with ``at`` is overridden or refused.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.create(at=timezone.now() - timedelta(days=30), action="login")
    if connection.vendor == "postgresql":  # pragma: no cover - the PostgreSQL re-run
        assert AuditEvent.objects.filter(at__lt=before).count() == 0


def test_a_back_dated_insert_is_refused_by_the_database(council: Any) -> None:
    record_event(None, "upload", council, username="someone")
    last = AuditEvent.objects.order_by("-id").first()
    back_dated = timezone.now() - timedelta(days=3)
    if connection.vendor == "sqlite":
        with pytest.raises(DatabaseError, match="time from the database"), transaction.atomic():
            _raw_insert(back_dated, event_hash(last))
    else:  # pragma: no cover - PostgreSQL sets the time itself
        _raw_insert(back_dated, event_hash(last))
        assert AuditEvent.objects.order_by("-id").first().at > back_dated + timedelta(days=2)


def test_verify_reports_a_back_dated_insert_once_the_triggers_are_gone(council: Any) -> None:
    record_event(None, "upload", council, username="someone")
    record_event(None, "accept", council, username="someone")
    _drop_time_trigger()
    last = AuditEvent.objects.order_by("-id").first()
    _raw_insert(timezone.now() - timedelta(days=3), event_hash(last))
    report = verify_events(_events())
    assert not report.whole
    assert "back-dated" in str(report.broken)
    assert "audit_time_from_database" in missing_triggers(connection)


def test_verify_reports_an_event_inserted_into_a_gap(council: Any) -> None:
    record_event(None, "upload", council, username="someone")
    record_event(None, "accept", council, username="someone")
    _raw_insert(timezone.now(), GENESIS, pk=0)  # before every event, linking to nothing
    report = verify_events(_events())
    assert not report.whole
    first_real = AuditEvent.objects.filter(pk__gt=0).order_by("id").first()
    assert f"event {first_real.pk} " in str(report.broken)


def test_verify_reports_a_replaced_event(council: Any) -> None:
    record_event(None, "upload", council, username="someone")
    record_event(None, "accept", council, username="someone")
    events = _events()
    events[0].username = "somebody else"  # as if rewritten behind the triggers' back
    report = verify_events(events)
    assert not report.whole
    assert f"event {events[1].pk} " in str(report.broken)
    assert "does not match the hash of event" in str(report.broken)


def test_update_and_delete_stay_refused(council: Any) -> None:
    event = record_event(None, "upload", council, username="someone")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(previous_hash=GENESIS)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_migrating_the_audit_app_back_is_refused(transactional_db: Any) -> None:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan([("audit", "0001_initial")])
    assert plan, "the audit app should be migrated forward"
    with pytest.raises(IrreversibleError, match="refused"):
        executor.migrate([("audit", "0001_initial")])
    assert missing_triggers(connection) == []


def test_the_unlock_helper_is_in_test_code_only() -> None:
    """Production code cannot unlock the log: nothing outside web/testsupport defines or imports
    ``maintenance_unlocked``."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if "testsupport" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [node.name]
            elif isinstance(node, ast.ImportFrom):
                names = [alias.name for alias in node.names]
                if node.module and "testsupport" in node.module:
                    offenders.append(f"{path}: imports {node.module}")
            if "maintenance_unlocked" in names:
                offenders.append(f"{path}: {names}")
    assert offenders == []


def _drop_time_trigger() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_time_from_database")
        else:  # pragma: no cover - the PostgreSQL re-run (the test role owns the table)
            cursor.execute("DROP TRIGGER audit_time_from_database ON audit_auditevent")

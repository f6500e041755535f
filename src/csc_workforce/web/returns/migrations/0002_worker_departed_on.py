"""Record each worker's cooling-off leaving date on its row; backfill every accepted return.

The backfill reads each accepted return's stored bytes once, with the same reader and the same
``departure_dates`` the acceptance service uses, so old and new returns are recorded alike.
"""

from typing import Any

from django.db import migrations, models

_BATCH = 2000


def record_departures(apps: Any, schema_editor: Any) -> None:
    from csc_workforce.web.returns.reading import read_upload  # noqa: PLC0415
    from csc_workforce.web.returns.services import departure_dates  # noqa: PLC0415

    accepted_returns = apps.get_model("returns", "AcceptedReturn")
    worker_records = apps.get_model("returns", "WorkerRecord")
    for pk, filename, content in accepted_returns.objects.values_list("pk", "filename", "content").iterator():
        data = bytes(content)
        census = read_upload(data, filename, max_bytes=max(len(data), 1)).census
        departed = departure_dates(census)
        if not departed:
            continue
        rows = list(worker_records.objects.filter(accepted_return_id=pk, record__in=departed.keys()))
        for row in rows:
            row.departed_on = departed[row.record]
        worker_records.objects.bulk_update(rows, ["departed_on"], batch_size=_BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="workerrecord",
            name="departed_on",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(record_departures, migrations.RunPython.noop, elidable=True),
    ]

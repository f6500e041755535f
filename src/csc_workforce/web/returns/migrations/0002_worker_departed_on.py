"""Record each worker's cooling-off leaving date on its row; backfill every accepted return.

The backfill reads each accepted return's stored bytes once, with the same reader and the same
``departures_from_return`` the acceptance service used, so old and new returns were recorded alike.
(Migration 0005 replaced the column by keyed leavers.)
"""

from typing import Any

from django.db import migrations, models

_BATCH = 2000


def record_departures(apps: Any, schema_editor: Any) -> None:
    from csc_workforce.core.agency.leavers import departures_from_return  # noqa: PLC0415
    from csc_workforce.web.returns.reading import read_upload  # noqa: PLC0415

    accepted_returns = apps.get_model("returns", "AcceptedReturn")
    worker_records = apps.get_model("returns", "WorkerRecord")
    for pk, filename, content in accepted_returns.objects.values_list("pk", "filename", "content").iterator():
        data = bytes(content)
        census = read_upload(data, filename, max_bytes=max(len(data), 1)).census
        departed = {d.position: d.left_on for d in departures_from_return(census).departures}
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

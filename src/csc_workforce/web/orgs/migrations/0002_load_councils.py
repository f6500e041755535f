"""Regions and councils from the bundled published statistics (re-run safely by ``load_councils``)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from csc_workforce.web.orgs.directory import sync_councils  # noqa: PLC0415

    sync_councils(apps.get_model("orgs", "Region"), apps.get_model("orgs", "Council"))


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

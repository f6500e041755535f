"""What the app knows about a background job besides django-tasks' own result row: who started
it, for which council or region, what it is doing now, and the file it made."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Job(models.Model):
    """One piece of long work run by the worker (``jobs.services.start_job``). Its status is the
    django-tasks result's (``task_id``); the page and the download read it through ``jobs.views``."""

    # A random id: a job's address reveals nothing and cannot be guessed from another's.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    council = models.ForeignKey(
        "orgs.Council", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "orgs.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    params = models.JSONField(default=dict)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # Where the job's outcome is shown (the sharing proposals), when it is not a file.
    next_url = models.CharField(max_length=300, blank=True)
    result_name = models.CharField(max_length=120, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    result = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = (models.Index(fields=["kind", "region", "started_at"], name="jobs_kind_region_started"),)

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class WorkerHeartbeat(models.Model):
    """When each worker process last showed it was alive (``/readyz``)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.seen_at:%Y-%m-%d %H:%M:%S}"

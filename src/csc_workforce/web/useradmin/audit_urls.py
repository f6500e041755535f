"""The administrators' audit log page (namespace ``auditlog``)."""

from django.urls import path

from csc_workforce.web.useradmin import audit_log

app_name = "auditlog"

urlpatterns = [path("", audit_log.audit_log, name="list")]

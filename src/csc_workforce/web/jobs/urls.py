from django.urls import path

from csc_workforce.web.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/<uuid:job_id>/", views.job_status, name="status"),
    path("jobs/<uuid:job_id>/download", views.job_download, name="download"),
]

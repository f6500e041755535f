from django.urls import path

from csc_workforce.web.continuity import views

app_name = "continuity"

urlpatterns = [
    path("councils/<str:la_code>/continuity/", views.council_page, name="council"),
    path(
        "councils/<str:la_code>/continuity/report.xlsx",
        views.council_export,
        {"file_format": "xlsx"},
        name="council_xlsx",
    ),
    path(
        "councils/<str:la_code>/continuity/report.pdf",
        views.council_export,
        {"file_format": "pdf"},
        name="council_pdf",
    ),
    path("region/<slug:slug>/continuity/", views.region_page, name="region"),
    path(
        "region/<slug:slug>/continuity/report.xlsx",
        views.region_export,
        {"file_format": "xlsx"},
        name="region_xlsx",
    ),
    path(
        "region/<slug:slug>/continuity/report.pdf",
        views.region_export,
        {"file_format": "pdf"},
        name="region_pdf",
    ),
]

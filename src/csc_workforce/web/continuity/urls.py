from django.urls import path

from csc_workforce.web.continuity import views

app_name = "continuity"

urlpatterns = [
    path("councils/<str:la_code>/continuity/", views.council_page, name="council"),
    path("councils/<str:la_code>/continuity/report.xlsx", views.council_export, name="council_xlsx"),
    # The PDFs are background jobs (prepare-pdf/); the old addresses lead back to the page.
    path("councils/<str:la_code>/continuity/report.pdf", views.council_pdf_moved, name="council_pdf"),
    path(
        "councils/<str:la_code>/continuity/prepare-pdf/",
        views.prepare_council_pdf,
        name="prepare_council_pdf",
    ),
    path("region/<slug:slug>/continuity/", views.region_page, name="region"),
    path("region/<slug:slug>/continuity/report.xlsx", views.region_export, name="region_xlsx"),
    path("region/<slug:slug>/continuity/report.pdf", views.region_pdf_moved, name="region_pdf"),
    path("region/<slug:slug>/continuity/prepare-pdf/", views.prepare_region_pdf, name="prepare_region_pdf"),
]

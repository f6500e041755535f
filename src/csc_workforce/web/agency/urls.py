from django.urls import path

from csc_workforce.web.agency import views

app_name = "agency"

urlpatterns = [
    path("councils/<str:la_code>/agency/", views.council_page, name="council"),
    path("councils/<str:la_code>/agency/quarterly-return/", views.quarterly_return, name="quarterly"),
    path("region/<slug:slug>/agency/", views.region_page, name="region"),
    path("region/<slug:slug>/agency/caps/", views.region_terms, name="terms"),
    path("region/<slug:slug>/agency/report.xlsx", views.region_export, name="region_xlsx"),
    # The PDF is a background job (prepare-pdf/); the old address leads back to the page.
    path("region/<slug:slug>/agency/report.pdf", views.region_pdf_moved, name="region_pdf"),
    path("region/<slug:slug>/agency/prepare-pdf/", views.prepare_region_pdf, name="prepare_region_pdf"),
]

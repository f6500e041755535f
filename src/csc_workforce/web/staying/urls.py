from django.urls import path

from csc_workforce.web.staying import views

app_name = "staying"

urlpatterns = [
    path("councils/<str:la_code>/retention/", views.council_retention, name="council"),
    path("councils/<str:la_code>/retention/export.<str:fmt>", views.council_export, name="council_export"),
    path(
        "councils/<str:la_code>/retention/prepare-pdf/", views.prepare_council_pdf, name="prepare_council_pdf"
    ),
    path("region/<slug:slug>/retention/", views.region_retention, name="region"),
    path("region/<slug:slug>/retention/export.<str:fmt>", views.region_export, name="region_export"),
    path("region/<slug:slug>/retention/prepare-pdf/", views.prepare_region_pdf, name="prepare_region_pdf"),
]

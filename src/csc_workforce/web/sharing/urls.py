from django.urls import path

from csc_workforce.web.sharing import views

app_name = "sharing"

urlpatterns = [
    path("region/<slug:slug>/sharing/", views.region_sharing, name="region"),
    path("region/<slug:slug>/sharing/propose/", views.propose_loans, name="propose"),
    path("region/<slug:slug>/sharing/export.<str:fmt>", views.region_export, name="region_export"),
    path("region/<slug:slug>/sharing/prepare-pdf/", views.prepare_region_pdf, name="prepare_region_pdf"),
    path("councils/<str:la_code>/sharing/", views.council_sharing, name="council"),
    path("councils/<str:la_code>/sharing/offer/", views.set_offer, name="offer"),
    path("councils/<str:la_code>/sharing/loans/<int:loan_id>/<str:decision>/", views.decide, name="decide"),
]

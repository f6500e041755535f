from django.urls import path

from csc_workforce.web.dashboards import api, views

app_name = "dashboards"

urlpatterns = [
    path("councils/<str:la_code>/", views.council, name="council"),
    path("region/<slug:slug>/", views.region, name="region"),
    path("api/openapi.json", api.openapi, name="openapi"),
    path("api/councils/<str:la_code>/measures", api.council_measures, name="api_council_measures"),
    path("api/regions/<slug:slug>/measures", api.region_measures, name="api_region_measures"),
]

from django.urls import path

from csc_workforce.web.hrbuild import views

app_name = "hrbuild"

urlpatterns = [
    path("councils/<str:la_code>/hr/", views.start, name="start"),
    path("councils/<str:la_code>/hr/drafts/<int:pk>/", views.review, name="review"),
    path("councils/<str:la_code>/hr/mappings/<str:kind>.yaml", views.mapping_file, name="mapping_file"),
    path("hr/samples/<str:name>", views.sample_file, name="sample"),
]

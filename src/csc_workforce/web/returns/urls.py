from django.urls import path

from csc_workforce.web.returns import views

app_name = "returns"

urlpatterns = [
    path("councils/<str:la_code>/submissions/", views.submissions, name="submissions"),
    path("councils/<str:la_code>/submissions/new/", views.upload, name="upload"),
    path("councils/<str:la_code>/submissions/template.xlsx", views.blank_template, name="template"),
    path("councils/<str:la_code>/submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("councils/<str:la_code>/submissions/<int:pk>/accept/", views.accept, name="accept"),
    path("councils/<str:la_code>/returns/<int:pk>/census.xml", views.download_xml, name="download_xml"),
    path("councils/<str:la_code>/returns/<int:pk>/restore/", views.restore, name="restore"),
    path("councils/<str:la_code>/workers/", views.workers, name="workers"),
    path("councils/<str:la_code>/workers/export.xlsx", views.workers_export, name="workers_export"),
]

"""The footer's service pages (namespace ``service``)."""

from django.urls import path

from csc_workforce.web import service_pages

urlpatterns = [
    path("accessibility/", service_pages.accessibility, name="accessibility"),
    path("privacy/", service_pages.privacy, name="privacy"),
    path("cookies/", service_pages.cookies, name="cookies"),
    path("feedback/", service_pages.feedback, name="feedback"),
]

from django.apps import AppConfig


class TestSupportConfig(AppConfig):
    name = "csc_workforce.web.testsupport"
    label = "testsupport"

from django.apps import AppConfig


class StayingConfig(AppConfig):
    name = "csc_workforce.web.staying"
    label = "staying"
    verbose_name = "Retention analysis"

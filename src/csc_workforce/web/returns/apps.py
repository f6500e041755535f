from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "csc_workforce.web.returns"
    label = "returns"
    verbose_name = "Census returns"

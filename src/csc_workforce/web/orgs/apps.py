from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "csc_workforce.web.orgs"
    label = "orgs"
    verbose_name = "Organisations"

from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    name = "csc_workforce.web.forecasts"
    label = "forecasts"
    verbose_name = "Forecasts"

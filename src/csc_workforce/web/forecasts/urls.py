from django.urls import path

from csc_workforce.web.forecasts import views

app_name = "forecasts"

urlpatterns = [
    path("councils/<str:la_code>/forecast/", views.council_forecast, name="council"),
    path("councils/<str:la_code>/forecast/export.<str:fmt>", views.council_export, name="council_export"),
    path("councils/<str:la_code>/forecast/scenarios/", views.save_scenario, name="save_scenario"),
    path(
        "councils/<str:la_code>/forecast/scenarios/<int:scenario_id>/delete/",
        views.delete_scenario,
        name="delete_scenario",
    ),
    path("councils/<str:la_code>/forecast/standard/", views.set_standard, name="set_standard"),
    path("councils/<str:la_code>/forecast/board-pack.pdf", views.board_pack, name="board_pack"),
    path(
        "councils/<str:la_code>/forecast/board-pack/prepare/",
        views.prepare_board_pack,
        name="prepare_board_pack",
    ),
    path("region/<slug:slug>/forecast/", views.region_forecast, name="region"),
    path("region/<slug:slug>/forecast/export.xlsx", views.region_export, name="region_export"),
]

from django.urls import path

from csc_workforce.web.useradmin import views

app_name = "useradmin"

urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.new_account, name="new"),
    path("<int:user_id>/", views.account_page, name="account"),
    path("<int:user_id>/role/", views.change_role, name="role"),
    path("<int:user_id>/status/", views.change_status, name="status"),
    path("<int:user_id>/password/", views.reset_password, name="password"),
]

from django.contrib import admin
from django.urls import path

from security import locked_accounts, views

app_name = "security"

urlpatterns = [
    path("two-factor/", views.setup, name="two_factor_setup"),
    path("two-factor/verify/", views.verify, name="two_factor_verify"),
    path("heartbeat/", views.heartbeat, name="heartbeat"),
    path(
        "locked/",
        admin.site.admin_view(locked_accounts.locked_accounts_view),
        name="locked_accounts",
    ),
    path(
        "locked/unlock/",
        admin.site.admin_view(locked_accounts.unlock_view),
        name="unlock_account",
    ),
]

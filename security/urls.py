from django.urls import path

from security import views

app_name = "security"

urlpatterns = [
    path("two-factor/", views.setup, name="two_factor_setup"),
    path("two-factor/verify/", views.verify, name="two_factor_verify"),
]

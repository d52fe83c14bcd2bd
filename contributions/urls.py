from django.urls import path

from contributions import views

app_name = "contributions"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_edit, name="new"),
    path("paste/", views.paste, name="paste"),
    path("new/images/", views.upload_image, name="upload_image"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/images/<int:image_pk>/", views.report_image, name="image"),
    path("<int:pk>/images/", views.upload_image, name="upload_image"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/autosave/", views.report_autosave, name="autosave"),
    path("<int:pk>/delete/", views.report_delete, name="delete"),
]

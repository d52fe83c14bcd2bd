from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import path, reverse_lazy

from portal import views
from portal.feeds import SeriesFeed

app_name = "portal"

# The log-in pages have their own template names: registration/logged_out.html
# and registration/password_change_*.html belong to the admin.
account_urls = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            redirect_authenticated_user=True,
            next_page=reverse_lazy("portal:archive"),
        ),
        name="login",
    ),
    path(
        "accounts/logout/",
        auth_views.LogoutView.as_view(next_page=reverse_lazy("portal:archive")),
        name="logout",
    ),
    path(
        "accounts/password/",
        login_required(
            auth_views.PasswordChangeView.as_view(
                template_name="registration/portal_password_change_form.html",
                success_url=reverse_lazy("portal:password_change_done"),
            ),
            login_url=reverse_lazy("portal:login"),
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        login_required(
            auth_views.PasswordChangeDoneView.as_view(
                template_name="registration/portal_password_change_done.html"
            ),
            login_url=reverse_lazy("portal:login"),
        ),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("", views.archive, name="archive"),
    *account_urls,
    # Stored files are served only by views that check who asks: the PDFs by
    # issue_copy, the images in articles here (docs/deploy.md, nginx).
    path("media/issues/images/<path:name>", views.article_image, name="article_image"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/articles.csv", views.organisation_csv, name="organisation_csv"),
    path("<slug:series_slug>/feed/", SeriesFeed(), name="series_feed"),
    path("<slug:series_slug>/<int:year>/<int:number>/", views.issue_detail, name="issue"),
    # The official PDF, at the address it has always had: issue_copy's "pdf".
    path(
        "<slug:series_slug>/<int:year>/<int:number>/pdf/",
        views.issue_copy,
        {"format_code": "pdf"},
        name="issue_pdf",
    ),
    path(
        "<slug:series_slug>/<int:year>/<int:number>/receipt/",
        views.acknowledge,
        name="acknowledge",
    ),
    # Each format's official copy (issues.copies): /…/pdf/, and so on.
    path(
        "<slug:series_slug>/<int:year>/<int:number>/<slug:format_code>/",
        views.issue_copy,
        name="issue_copy",
    ),
]

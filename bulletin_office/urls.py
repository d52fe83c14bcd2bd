from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from ops.views import healthz

admin.site.site_header = admin.site.site_title = _("Bulletin Office")
admin.site.index_title = _("Drafting and sign-off")

urlpatterns = [
    # Before the admin's own addresses: two-factor enrolment and the code after the password.
    path("admin/account/", include("security.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["issues"]),
        name="javascript-catalog",
    ),
    # For load balancers and monitoring: no log-in, no redirect to https (ops).
    path("healthz", healthz, name="healthz"),
    # Member organisations' contributors send their reports here.
    path("reports/", include("contributions.urls")),
    # The recipient portal answers every other address, its archive at /.
    path("", include("portal.urls")),
]

"""The versions and history of an issue (the admin's history page), and one version."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from desk.views.base import page_context, viewable_issue
from issues import selectors, versions
from issues.models import IssueVersion
from reviews import selectors as review_selectors


def history_view(request, object_id, *, model_admin):
    """Every version of the issue, each with a link to what it changed, and the workflow."""
    issue = viewable_issue(model_admin, request, object_id)
    context = page_context(
        model_admin,
        request,
        issue,
        gettext("Versions and history of %(issue)s") % {"issue": issue},
        versions=versions.versions_of(issue),
        history=selectors.issue_history(issue),
        change_url=issue.get_admin_url(),
    )
    return TemplateResponse(request, "admin/issues/issue/versions.html", context)


def version_view(request, object_id, version_id, *, model_admin):
    """What one version changed against the one before it."""
    issue = viewable_issue(model_admin, request, object_id)
    version = get_object_or_404(
        IssueVersion.objects.select_related("revision__user"), pk=version_id, issue=issue
    )
    context = page_context(
        model_admin,
        request,
        issue,
        gettext("Version of %(time)s")
        % {"time": formats.date_format(timezone.localtime(version.at), "DATETIME_FORMAT")},
        version=version,
        changes=review_selectors.changes_in_version(version),
        change_url=issue.get_admin_url(),
        history_url=reverse("admin:issues_issue_history", args=[issue.pk]),
    )
    return TemplateResponse(request, "admin/issues/issue/version.html", context)

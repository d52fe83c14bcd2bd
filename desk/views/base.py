"""What the views of an issue share: finding the issue, the page's context, refusals."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from issues.exceptions import WorkflowError
from issues.models import Issue


def viewable_issue(model_admin, request, object_id) -> Issue:
    """The issue of the URL, if the user may see it: 404 when there is none, else 403."""
    issue = model_admin.get_object(request, unquote(object_id))
    if issue is None:
        raise Http404
    if not model_admin.has_view_permission(request, issue):
        raise PermissionDenied
    return issue


def change_url(issue: Issue) -> str:
    return reverse("admin:issues_issue_change", args=[issue.pk])


def page_context(model_admin, request, issue: Issue, title, **context) -> dict:
    """The context of an admin page about one issue: the admin's own, the title, the issue."""
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "original": issue,
        **context,
    }


def report_refusal(model_admin, request, error: WorkflowError) -> None:
    for message in error.messages:
        model_admin.message_user(request, message, messages.ERROR)

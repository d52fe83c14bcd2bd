"""补发: add an organisation to a published issue's circulation and send it the notice."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from desk.forms import ReissueForm
from desk.views.base import change_url, page_context, report_refusal, viewable_issue
from issues import services, workflow
from issues.exceptions import WorkflowError
from issues.models import Issue


def reissue_view(request, object_id, *, model_admin):
    issue = viewable_issue(model_admin, request, object_id)
    back = change_url(issue)
    if not (
        request.user.has_perm(workflow.PUBLISH.permission)
        and issue.status == Issue.Status.PUBLISHED
    ):
        raise PermissionDenied
    form = ReissueForm(issue, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.reissue(issue, request.user, organisation, form.cleaned_data["role"])
        except WorkflowError as error:
            report_refusal(model_admin, request, error)
        else:
            model_admin.message_user(
                request,
                gettext("%(organisation)s now receives %(issue)s; the notice is queued.")
                % {"organisation": organisation, "issue": issue},
                messages.SUCCESS,
            )
        return redirect(back)
    context = page_context(
        model_admin,
        request,
        issue,
        gettext("Send to a further organisation (补发)"),
        form=form,
        change_url=back,
    )
    return TemplateResponse(request, "admin/issues/issue/reissue.html", context)

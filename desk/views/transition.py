"""A workflow step (submit, withdraw, return, take back, sign off, publish, revoke)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from desk.forms import TransitionForm
from desk.views.base import change_url, page_context, report_refusal, viewable_issue
from issues import selectors, services, workflow
from issues.exceptions import WorkflowError
from issues.models import Issue
from reviews import selectors as review_selectors


def transition_view(request, object_id, step, *, model_admin):
    """GET: the step's confirmation page. POST: the step taken, by its service."""
    issue = viewable_issue(model_admin, request, object_id)
    transition = next((t for t in workflow.TRANSITIONS if t.slug == step), None)
    if transition is None:
        raise Http404
    back = change_url(issue)
    try:
        workflow.check_transition(transition, issue, request.user)
    except WorkflowError as error:
        report_refusal(model_admin, request, error)
        return redirect(back)
    form = TransitionForm(
        transition,
        request.POST if request.method == "POST" else None,
        articles=issue.articles.all() if transition is workflow.RETURN else (),
    )
    if request.method == "POST" and form.is_valid():
        try:
            issue = take(transition, issue, request.user, form)
        except WorkflowError as error:
            report_refusal(model_admin, request, error)
        else:
            model_admin.message_user(
                request,
                gettext("“%(step)s” done: %(issue)s is now “%(status)s”.")
                % {
                    "step": transition.label,
                    "issue": issue,
                    "status": issue.get_status_display(),
                },
                messages.SUCCESS,
            )
        return redirect(back)
    context = page_context(
        model_admin,
        request,
        issue,
        transition.label,
        transition=transition,
        form=form,
        problems=services.submission_problems(issue) if transition is workflow.SUBMIT else [],
        # What the editor who submits and the approver who signs off should know.
        print_warnings=selectors.print_warnings(issue)
        if transition in (workflow.SUBMIT, workflow.SIGN_OFF)
        else [],
        change_url=back,
        **sign_off_context(issue, transition),
    )
    return TemplateResponse(request, "admin/issues/issue/transition_confirmation.html", context)


def sign_off_context(issue, transition) -> dict:
    """The sign-off confirmation shows the numbers the issue gets and what changed."""
    if transition is not workflow.SIGN_OFF or issue.issue_date is None:
        return {}
    year, number, cumulative = services.next_numbers(issue)
    return {
        "numbers_to_assign": gettext("%(year)d年第%(number)d期（总第%(cumulative)d期）")
        % {"year": year, "number": number, "cumulative": cumulative},
        "review": review_selectors.changes_since_review(issue),
    }


def take(transition, issue, user, form: TransitionForm) -> Issue:
    """The one service that takes this step, with what the confirmation form asked."""
    data = form.cleaned_data
    if transition is workflow.SUBMIT:
        return services.submit(issue, user)
    if transition is workflow.WITHDRAW:
        return services.withdraw(issue, user)
    if transition is workflow.RETURN:
        return services.return_to_draft(issue, user, data["comment"], form.article_remarks())
    if transition is workflow.TAKE_BACK:
        return services.take_back(issue, user, data["comment"])
    if transition is workflow.SIGN_OFF:
        return services.sign_off(issue, user)
    if transition is workflow.PUBLISH:
        return services.publish(issue, user, at=data["publish_at"])
    return services.revoke(issue, user, data["comment"])

"""The contributor's pages in the portal: their organisation's reports, writing and sending one.

Every view starts from the contributor's organisation: another organisation's
report is not found (404), whatever its number.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from contributions import images, selectors, services
from contributions.exceptions import ReportError
from contributions.forms import ReportForm
from contributions.models import Report
from contributions.roles import contributor_organisation_id
from issues.views import cleaned_paste_response

PAGE_SIZE = 20


def contributor_only(view):
    """Logged-in contributors only; others get a page saying how to become one (403).

    The view finds the contributor's organisation in request.organisation_id.
    """

    @login_required(login_url=reverse_lazy("portal:login"))
    @wraps(view)
    def checked(request, *args, **kwargs):
        request.organisation_id = contributor_organisation_id(request.user)
        if request.organisation_id is None:
            return render(request, "contributions/not_contributor.html", status=403)
        return view(request, *args, **kwargs)

    return checked


def _own_report(request, pk) -> Report:
    reports = Report.objects.of_organisation(request.organisation_id).with_outcome()
    return get_object_or_404(reports, pk=pk)


@contributor_only
@require_safe
def report_list(request):
    page = Paginator(
        selectors.reports_of_organisation(request.organisation_id), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "contributions/report_list.html",
        {
            "page": page,
            "reports": selectors.with_outcomes(page.object_list, request.user),
            "organisation": request.user.membership.organisation,
        },
    )


@contributor_only
@require_safe
def report_detail(request, pk):
    report = _own_report(request, pk)
    selectors.with_outcomes([report], request.user)
    events = report.events.select_related("user")
    body = images.body_with_image_urls(
        report, lambda image: reverse("contributions:image", args=[report.pk, image.pk])
    )
    return render(
        request,
        "contributions/report_detail.html",
        {"report": report, "events": events, "body": body},
    )


@contributor_only
@require_safe
def report_image(request, pk, image_pk):
    """A photo in one of the organisation's reports, whatever has become of the report."""
    return images.image_response(_own_report(request, pk), image_pk)


@contributor_only
@require_POST
def upload_image(request, pk=None):
    """A photo uploaded, pasted or dropped into the report's editor (bulletin-images.js)."""
    report = None if pk is None else _own_report(request, pk)
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"error": _("Choose a photo to upload.")}, status=400)
    try:
        src = services.upload_report_image(report, request.user, upload)
    except ValidationError as refusal:
        status = 403 if isinstance(refusal, ReportError) else 400
        return JsonResponse({"error": " ".join(refusal.messages)}, status=status)
    return JsonResponse({"src": src})


@contributor_only
@require_POST
def paste(request):
    """The report editor's paste, cleaned by the bulletin's rules (bulletin-paste.js posts it)."""
    return cleaned_paste_response(request)


@contributor_only
@require_http_methods(["GET", "POST"])
def report_edit(request, pk=None):
    if pk is None:
        report = Report(organisation_id=request.organisation_id)
        initial = _contact_of_last_report(request.user)
    else:
        report = _own_report(request, pk)
        initial = {}
        if not report.is_editable:
            messages.error(
                request,
                _("The report is “%(status)s” and can no longer be changed.")
                % {"status": report.get_status_display()},
            )
            return redirect("contributions:detail", pk=report.pk)
    submitting = "submit" in request.POST
    if request.method == "POST":
        form = ReportForm(
            request.POST, request.FILES, instance=report, user=request.user, submitting=submitting
        )
        if form.is_valid():
            try:
                report = services.save_report(
                    form.instance, request.user, submit=submitting, attached=form.attached
                )
            except ReportError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("The report was sent to the office.")
                    if submitting
                    else _("The draft was saved; send it when it is ready."),
                )
                return redirect("contributions:detail", pk=report.pk)
    else:
        form = ReportForm(instance=report, initial=initial, user=request.user)
    return render(request, "contributions/report_form.html", {"form": form, "report": report})


@contributor_only
@require_POST
def report_autosave(request, pk):
    """The draft as typed, posted by the form's script every minute and when the page closes."""
    report = _own_report(request, pk)
    form = ReportForm(request.POST, instance=report, user=request.user)
    if not form.is_valid():
        return JsonResponse(
            {"error": _("Not saved automatically yet: the form is incomplete.")}, status=400
        )
    try:
        services.autosave_report(form.instance, request.user)
    except ReportError as refusal:
        return JsonResponse({"error": " ".join(refusal.messages)}, status=400)
    at = formats.date_format(timezone.localtime(), "TIME_FORMAT")
    return JsonResponse({"message": _("Saved automatically at %s") % at})


@contributor_only
@require_http_methods(["GET", "POST"])
def report_delete(request, pk):
    report = _own_report(request, pk)
    if request.method == "POST":
        try:
            services.delete_draft(report, request.user)
        except ReportError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("contributions:detail", pk=report.pk)
        messages.success(request, _("The draft was deleted."))
        return redirect("contributions:list")
    return render(request, "contributions/report_delete.html", {"report": report})


def _contact_of_last_report(user) -> dict:
    last = Report.objects.filter(author=user).exclude(contact_phone="").order_by("-pk").first()
    if last is not None:
        return {"contact_name": last.contact_name, "contact_phone": last.contact_phone}
    return {"contact_name": user.get_full_name()}

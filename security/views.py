"""Enrolment in two-factor sign-in, the code asked for after the password, the idle heartbeat."""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from security import two_factor
from security.middleware import StaffIdleTimeoutMiddleware


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url("admin:index")


def _qr_svg(text: str) -> str:
    # segno writes the SVG itself, from the device's own otpauth:// address.
    return segno.make(text, error="m").svg_inline(scale=5, dark="#000", light="#fff")


@never_cache
@login_required
def setup(request):
    """Enrol an authenticator app: scan the QR code, enter its first code, keep the backup codes.

    Replacing an authenticator takes a sign-in confirmed with the old one: a
    password alone must not be enough to enrol the attacker's phone.
    """
    if two_factor.has_device(request.user) and not two_factor.is_verified(request.user):
        return redirect(f"{resolve_url('security:two_factor_verify')}?next={request.path}")
    device = two_factor.pending_authenticator(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_authenticator(device, form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return render(
                request,
                "security/backup_codes.html",
                {
                    **admin.site.each_context(request),
                    "title": _("Backup codes"),
                    "codes": codes,
                    "next": _next_url(request),
                },
            )
        form.add_error("code", _("The code is not right; enter the code the app shows now."))
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        **admin.site.each_context(request),
        "title": _("Set up two-factor sign-in"),
        "form": form,
        "qr_svg": mark_safe(_qr_svg(device.config_url)),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "already_enrolled": two_factor.has_device(request.user),
        "next": request.GET.get("next", ""),
    }
    return render(request, "security/setup.html", context)


@never_cache
@login_required
def verify(request):
    """The second step of signing in: a code from the authenticator app, or a backup code."""
    if not two_factor.has_device(request.user):
        return redirect("security:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verified_device(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _("The code is not right or was used already; wait for the next code and try again."),
        )
    context = {
        **admin.site.each_context(request),
        "title": _("Confirm your sign-in"),
        "form": form,
        "next": request.GET.get("next", ""),
    }
    return render(request, "security/verify.html", context)


@never_cache
@require_POST
def heartbeat(request):
    """Typing on an admin page counts as activity: its script posts here after real input.

    The answer says how many seconds are left now, for the page's warning.
    """
    if not (request.user.is_authenticated and request.user.is_staff):
        return JsonResponse({"remaining": 0}, status=403)
    # The middleware writes the time at most once a minute; this request is for writing it.
    StaffIdleTimeoutMiddleware.stamp(request.session)
    return JsonResponse({"remaining": settings.STAFF_IDLE_TIMEOUT})

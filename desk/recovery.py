"""Forms given back: what a user posted after their session ended, or what was autosaved.

The issue's change and add pages take the recovered data (security.kept_posts,
desk.services) as the form's unsaved input, for the same user to check and save.
"""

from django.contrib import messages
from django.db import router, transaction
from django.utils.translation import gettext

from desk import services as desk_services
from security import kept_posts


class RecoveredFormsMixin:
    """A ModelAdmin mixin: request.recovered_form_data, when set, fills the form and its inlines."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        recovered = getattr(request, "recovered_form_data", None)
        if recovered is None:
            return form

        class RecoveredForm(form):
            """The change form filled in with recovered data, shown for its user to save."""

            def __init__(self, data=None, files=None, **kwargs):
                super().__init__(recovered if data is None else data, files, **kwargs)

        return RecoveredForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if getattr(request, "recovered_form_data", None) is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        # A recovered form is validated as it is shown, and validating locks the issue's
        # row (issues.services.lock_for_editing): in a transaction, as Django runs a POST.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        recovered = getattr(request, "recovered_form_data", None)
        if recovered is not None and request.method != "POST":
            kwargs["data"] = recovered
        return kwargs

    def add_view(self, request, form_url="", extra_context=None):
        # A new issue saved after the session ended comes back here after signing in.
        if request.method == "GET" and self.has_add_permission(request):
            self._recover_kept_post(request)
        return super().add_view(request, form_url, extra_context)

    def recover_form_data(self, request, issue):
        """Fill the form in with what its user posted after a timeout or autosaved, if asked.

        Sets request.recovered_form_data for get_form; returns the autosave to
        offer when nothing was recovered.
        """
        if self._recover_kept_post(request):
            return None
        if request.GET.get("autosave") == "restore":
            recovered = desk_services.restored_form_data(issue, request.user)
            if recovered is not None:
                request.recovered_form_data = recovered
                self.message_user(
                    request,
                    gettext("The automatically saved changes were restored. Check them and save."),
                    messages.WARNING,
                )
                return None
        return desk_services.offered_autosave(issue, request.user)

    def _recover_kept_post(self, request) -> bool:
        """Fill the form in with what its user posted here after their session ended."""
        recovered = kept_posts.take(request.user, request.path)
        if recovered is None:
            return False
        request.recovered_form_data = recovered
        self.message_user(
            request,
            gettext(
                "Your session had timed out; your unsaved changes were restored. "
                "Check them and save."
            ),
            messages.WARNING,
        )
        return True

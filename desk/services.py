"""The rules of the editors' autosaves: whose they are, when one is kept and offered back.

An autosave holds the change form's posted data of one editor and one issue,
every minute or so while they type (static/core/autosave.js). It never touches
the issue: others see the issue as last saved, the optimistic lock and the
four-eyes rule count real saves only (issues.versions). After a timeout, a
crash or a closed tab, the change page offers it back to its author alone.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from core.form_data import as_query_dict, encoded_size, form_fields
from desk.models import IssueAutosave
from issues import services, versions
from issues.models import Issue


def autosave(issue: Issue, user, post: QueryDict) -> IssueAutosave:
    """Keep `user`'s unsaved change form of `issue`; raises when they may not edit it."""
    refusal = services.content_refusal(issue, user)
    if refusal is not None:
        raise refusal
    fields = form_fields(post)
    if encoded_size(fields) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise ValidationError(
            _("The form holds more text than can be saved automatically; save it yourself.")
        )
    saved, _created = IssueAutosave.objects.update_or_create(
        user=user, issue=issue, defaults={"data": fields, "saved_at": timezone.now()}
    )
    return saved


def offered_autosave(issue: Issue, user) -> IssueAutosave | None:
    """`user`'s autosave of `issue` newer than their last save of it, while they may edit it."""
    if services.content_refusal(issue, user) is not None:
        return None
    saved = IssueAutosave.objects.filter(user=user, issue=issue).first()
    if saved is None:
        return None
    last_own = versions.versions_of(issue).filter(revision__user=user).first()
    if last_own is not None and last_own.at >= saved.saved_at:
        return None
    return saved


def restored_form_data(issue: Issue, user) -> QueryDict | None:
    """The offered autosave as the change form's data, to fill the form in again."""
    saved = offered_autosave(issue, user)
    return None if saved is None else as_query_dict(saved.data)


def discard_autosave(issue: Issue, user) -> None:
    """Forget `user`'s autosave of `issue` (they saved, or chose not to restore it)."""
    IssueAutosave.objects.filter(user=user, issue=issue).delete()

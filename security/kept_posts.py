"""Forms posted after a staff session ended are kept for their user, never applied unasked.

The idle timeout (security.middleware) ends the session; the form's text goes
here instead of being dropped. After signing in again, the page the form was
posted to takes it back (take) and shows it filled in, for the same user to
check and save: the save is a new request with a fresh CSRF token.
"""

from datetime import timedelta

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from core.form_data import as_query_dict, encoded_size, form_fields
from security.models import KeptPost

# Long enough for a lunch break and signing in again; short enough not to
# surprise anyone the next day.
KEPT_POST_MAX_AGE = timedelta(hours=8)


def keep(user, path: str, post: QueryDict) -> bool:
    """Keep the text fields of `post` for `user`; False when there are none or too many."""
    fields = form_fields(post)
    if not fields or encoded_size(fields) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return False
    KeptPost.objects.update_or_create(
        user=user, path=path, defaults={"data": fields, "kept_at": timezone.now()}
    )
    return True


def take(user, path: str) -> QueryDict | None:
    """The form `user` posted to `path` after their session ended, once; None if none."""
    KeptPost.objects.filter(kept_at__lt=timezone.now() - KEPT_POST_MAX_AGE).delete()
    kept = KeptPost.objects.filter(user=user, path=path).first()
    if kept is None:
        return None
    kept.delete()
    return as_query_dict(kept.data)

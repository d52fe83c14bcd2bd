"""A posted form's text fields as JSON and back, for forms kept to be filled in again later."""

import json

from django.http import QueryDict

# A kept form is filled in again by its user, who saves it with a new token.
_NOT_KEPT = {"csrfmiddlewaretoken"}


def form_fields(post: QueryDict) -> dict[str, list[str]]:
    """The text fields of a posted form (files are not in request.POST), without its CSRF token."""
    return {name: values for name, values in post.lists() if name not in _NOT_KEPT}


def encoded_size(fields: dict[str, list[str]]) -> int:
    return len(json.dumps(fields, ensure_ascii=False).encode())


def as_query_dict(fields: dict[str, list[str]]) -> QueryDict:
    """The fields as a form's data, as if posted again."""
    data = QueryDict(mutable=True)
    for name, values in fields.items():
        data.setlist(name, [str(value) for value in values])
    data._mutable = False
    return data

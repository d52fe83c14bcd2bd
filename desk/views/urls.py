"""The addresses of the actions on an issue, under the issue admin's own (same paths and names)."""

from functools import partial

from django.urls import path

from desk.views import (
    autosave,
    body_image,
    official_pdf,
    paste,
    pdf_preview,
    receipt_reminders,
    reissue,
    transition,
    versions,
    word_import,
)

ISSUE_ACTIONS = [
    ("workflow/<slug:step>/", transition.transition_view, "transition"),
    ("receipt-reminders/", receipt_reminders.receipt_reminders_view, "receipt_reminders"),
    ("reissue/", reissue.reissue_view, "reissue"),
    ("versions/<int:version_id>/", versions.version_view, "version"),
    ("official-pdf/", official_pdf.official_pdf_view, "official_pdf"),
    ("pdf-preview/", pdf_preview.pdf_preview_view, "pdf_preview"),
    ("import-word/", word_import.import_word_view, "import_word"),
    ("autosave/", autosave.autosave_view, "autosave"),
    ("body-image/", body_image.body_image_view, "body_image"),
    ("autosave/discard/", autosave.discard_autosave_view, "discard_autosave"),
]


def issue_action_urls(model_admin) -> list:
    """The action views, each behind the admin's login and given `model_admin`.

    They go before the admin's own URLs, whose last pattern catches every <object_id>/….
    """
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}"

    def wired(view, **kwargs):
        return model_admin.admin_site.admin_view(partial(view, **kwargs))

    return [
        # A new issue's article body takes photos too, before the issue has a pk.
        path(
            "body-image/",
            wired(body_image.body_image_view, model_admin=model_admin),
            name=f"{prefix}_new_body_image",
        ),
        # The article editor's paste is about no issue in particular.
        path("paste/", wired(paste.paste_view), name=f"{prefix}_paste"),
        *(
            path(
                f"<path:object_id>/{route}",
                wired(view, model_admin=model_admin),
                name=f"{prefix}_{name}",
            )
            for route, view, name in ISSUE_ACTIONS
        ),
    ]

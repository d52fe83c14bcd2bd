"""The admin's history ("Changed issue date.") names fields in the reader's language.

Django stores the changed fields' form labels untranslated and translates them
when the history is read; but a label is the capitalised verbose name ("Issue
date"), which no catalog holds. Stored as the verbose name itself ("issue
date"), the label is found in the catalog and read in Chinese.
"""

from django.core.exceptions import FieldDoesNotExist


class TranslatedHistoryMixin:
    def construct_change_message(self, request, form, formsets, add=False):
        for changed_form in [form, *(f for formset in formsets for f in formset.forms)]:
            _label_fields_by_verbose_name(changed_form)
        return super().construct_change_message(request, form, formsets, add)


def _label_fields_by_verbose_name(form) -> None:
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return
    for name, field in form.fields.items():
        try:
            verbose_name = model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            continue
        field.label = verbose_name

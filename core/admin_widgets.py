"""Autocomplete widgets that survive a posted value that is no key at all.

Django's autocomplete widgets look the posted value up to show it again when
the form has errors; `distribution_list=abc` then raises a ValueError (500)
instead of the form's own "选择一个有效的选项" error. These show only the
values that can be keys; the field's validation reports the rest.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _ValidKeysOnly:
    def optgroups(self, name, value, attr=None):
        options = self.field.remote_field.model._meta
        to_field = getattr(self.field.remote_field, "field_name", None)
        target = options.get_field(to_field) if to_field else options.pk
        return super().optgroups(name, [item for item in value if _is_key(target, item)], attr)


def _is_key(field, value) -> bool:
    try:
        field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class ValidAutocompleteSelect(_ValidKeysOnly, AutocompleteSelect):
    pass


class ValidAutocompleteSelectMultiple(_ValidKeysOnly, AutocompleteSelectMultiple):
    pass


class ValidAutocompleteAdminMixin:
    """For ModelAdmins and inlines: their autocomplete_fields use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

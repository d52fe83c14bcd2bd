"""Form widgets of the portal's pages."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A select written out in Python, without optgroups.

    Django renders each option through a template of its own; for the
    archive's organisation and year lists that took about a third of the
    page's time, on every request of the busiest page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"],
                    mark_safe(" selected") if option["selected"] else "",
                    option["label"],
                )
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            "<select{}>{}</select>", flatatt({"name": name, **widget["attrs"]}), options
        )

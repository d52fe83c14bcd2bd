"""The statistics' bar chart as SVG, drawn on the server: no script, prints as it shows.

Built here rather than in a template: fifty organisations make several hundred
elements, which Python writes many times faster than the template language.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

LABEL_WIDTH = 190
BAR_AREA = 520
VALUE_WIDTH = 60
ROW_HEIGHT = 26
BAR_HEIGHT = 9
TOP = 30
WIDTH = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH


def bar_chart(rows) -> SafeString:
    """Two bars per organisation, sent over adopted, in the rows' order, scaled to the largest."""
    largest = max([row.submitted for row in rows] + [row.adopted for row in rows] + [1])
    scale = BAR_AREA / largest
    height = TOP + len(rows) * ROW_HEIGHT + 10
    sent, adopted = _("Reports sent"), _("Reports adopted")
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
            'role="img" aria-labelledby="chart-title"><title id="chart-title">{}</title>',
            WIDTH,
            height,
            _("Submitted and adopted reports per organisation"),
        ),
        format_html(
            '<g class="legend" font-size="12">'
            '<rect x="{x}" y="6" width="12" height="10" class="bar bar--submitted"/>'
            '<text x="{x1}" y="15">{sent}</text>'
            '<rect x="{x2}" y="6" width="12" height="10" class="bar bar--adopted"/>'
            '<text x="{x3}" y="15">{adopted}</text></g>',
            x=LABEL_WIDTH,
            x1=LABEL_WIDTH + 16,
            x2=LABEL_WIDTH + 90,
            x3=LABEL_WIDTH + 106,
            sent=sent,
            adopted=adopted,
        ),
    ]
    step = _tick_step(largest)
    for value in range(0, largest + 1, step):
        x = round(LABEL_WIDTH + value * scale, 1)
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="24" y2="{height - 12}" class="gridline"/>'
            f'<text x="{x}" y="{height}" font-size="10" text-anchor="middle" class="tick">'
            f"{value if value else ''}</text>"
        )
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        label = escape(row.organisation.short_name or row.organisation.name)
        sent_width = round(row.submitted * scale, 1)
        adopted_width = round(row.adopted * scale, 1)
        label_x, sent_x, adopted_x = (
            LABEL_WIDTH - 8,
            LABEL_WIDTH + sent_width + 3,
            LABEL_WIDTH + adopted_width + 3,
        )
        parts.append(
            f'<g class="chart-row">'
            f'<text x="{label_x}" y="{y + 15}" text-anchor="end" font-size="13">{label}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{sent_width}" height="{BAR_HEIGHT}" '
            f'class="bar bar--submitted"><title>{escape(sent)}: {row.submitted}</title></rect>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 12}" width="{adopted_width}" height="{BAR_HEIGHT}" '
            f'class="bar bar--adopted"><title>{escape(adopted)}: {row.adopted}</title></rect>'
            f'<text x="{sent_x}" y="{y + 10}" font-size="10" class="value">'
            f"{row.submitted}</text>"
            f'<text x="{adopted_x}" y="{y + 20}" font-size="10" class="value">'
            f"{row.adopted}</text></g>"
        )
    parts.append("</svg>")
    # Every interpolated text above was escaped; the numbers are numbers.
    return mark_safe("".join(parts))


def _tick_step(largest: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if largest / step <= 8:
            return step
    return 10000

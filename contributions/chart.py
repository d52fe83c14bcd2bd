"""The statistics' bar chart, laid out here and drawn as SVG by the template."""

from dataclasses import dataclass

LABEL_WIDTH = 190
BAR_AREA = 520
VALUE_WIDTH = 60
ROW_HEIGHT = 26
BAR_HEIGHT = 9
TOP = 30


@dataclass(frozen=True)
class Bar:
    y: float
    label: str
    submitted: int
    adopted: int
    submitted_width: float
    adopted_width: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]


def bar_chart(rows) -> Chart:
    """Two bars per organisation, submitted over adopted, scaled to the largest figure."""
    largest = max([row.submitted for row in rows] + [row.adopted for row in rows] + [1])
    scale = BAR_AREA / largest
    bars = [
        Bar(
            y=TOP + index * ROW_HEIGHT,
            label=row.organisation.short_name or row.organisation.name,
            submitted=row.submitted,
            adopted=row.adopted,
            submitted_width=round(row.submitted * scale, 1),
            adopted_width=round(row.adopted * scale, 1),
        )
        for index, row in enumerate(rows)
    ]
    step = _tick_step(largest)
    ticks = [
        (round(LABEL_WIDTH + value * scale, 1), value) for value in range(0, largest + 1, step)
    ]
    return Chart(
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=TOP + len(bars) * ROW_HEIGHT + 10,
        label_width=LABEL_WIDTH,
        bars=bars,
        ticks=ticks,
    )


def _tick_step(largest: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if largest / step <= 8:
            return step
    return 10000

"""The admin's chart of rows purged per category per day: geometry for a server-rendered SVG (no JavaScript, no
CDN). ``purge_chart`` lays out one stacked bar per day, one segment per category, from
``privacy.retention.selectors.purge_chart_data``; the template only draws what it is given."""

from dataclasses import dataclass

from privacy.registry import retention_policies
from privacy.retention.selectors import ChartData

# Okabe-Ito's colour-blind-safe palette, then a few darker tones for more categories.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#8C564B",
    "#7F7F7F",
    "#1B4F72",
    "#6C3483",
    "#117864",
    "#B9770E",
)
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 8, 24


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class LegendEntry:
    category: str
    colour: str
    total: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_bottom: float
    plot_right: float
    segments: list[Segment]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    legend: list[LegendEntry]
    table: list[tuple[str, list[int], int]]
    categories: list[str]
    total: int


def _nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5 x 10^n at or above ``value`` (a round top for the axis)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if factor * step >= value:
                return factor * step
        step *= 10


def purge_chart(data: ChartData, *, width: int = 900, height: int = 220) -> Chart:
    """Lay out ``data`` as stacked daily bars inside ``width`` x ``height`` pixels."""
    colours = {category: PALETTE[index % len(PALETTE)] for index, category in enumerate(data.categories)}
    plot_width, plot_height = width - LEFT - RIGHT, height - TOP - BOTTOM
    top_value = _nice_ceiling(max([data.total(day) for day in data.days] + [1]))
    slot = plot_width / max(len(data.days), 1)
    bar_width = max(slot * 0.8, 1.0)
    segments = []
    for index, day in enumerate(data.days):
        bottom = TOP + plot_height
        for category in data.categories:
            value = data.purged.get((day, category), 0)
            if not value:
                continue
            segment_height = value / top_value * plot_height
            bottom -= segment_height
            segments.append(
                Segment(
                    x=round(LEFT + index * slot + (slot - bar_width) / 2, 2),
                    y=round(bottom, 2),
                    width=round(bar_width, 2),
                    height=round(segment_height, 2),
                    colour=colours[category],
                    title=f"{day:%Y-%m-%d} {category}: {value}",
                )
            )
    x_ticks = [
        Tick(position=round(LEFT + index * slot + slot / 2, 2), label=f"{day:%d %b}")
        for index, day in enumerate(data.days)
        if (len(data.days) - 1 - index) % 15 == 0
    ]
    y_ticks = [
        Tick(position=round(TOP + plot_height - fraction * plot_height, 2), label=f"{round(top_value * fraction):,}")
        for fraction in (0, 0.5, 1)
    ]
    # People read the policies' labels ("Carts"), not the category codes ("guest_orders").
    declared = {policy.category: policy.label for policy in retention_policies() if policy.label}
    labels = {category: declared.get(category, category.replace("_", " ").capitalize()) for category in data.categories}
    totals = {category: sum(data.purged.get((day, category), 0) for day in data.days) for category in data.categories}
    table = [
        (f"{day:%Y-%m-%d}", [data.purged.get((day, category), 0) for category in data.categories], data.total(day))
        for day in reversed(data.days)
        if data.total(day)
    ]
    return Chart(
        width=width,
        height=height,
        plot_left=LEFT,
        plot_bottom=TOP + plot_height,
        plot_right=width - RIGHT,
        segments=segments,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        legend=[LegendEntry(labels[category], colours[category], totals[category]) for category in data.categories],
        table=table,
        categories=[labels[category] for category in data.categories],
        total=sum(totals.values()),
    )

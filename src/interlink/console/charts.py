"""Server-side SVG: deliveries per minute, stacked by outcome, drawn as plain markup (no script, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from interlink.services.delivery_stats import OUTCOMES, Overview

COLOURS = {"delivered": "#1a7f37", "retry": "#b35900", "failed": "#c62828"}
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 220, 40, 24, 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Chart:
    """What the template draws: bars, axis ticks and a text summary for screen readers."""

    width: int
    height: int
    bars: list[Bar]
    y_ticks: list[tuple[float, int]]
    x_ticks: list[tuple[float, str]]
    summary: str
    plot_left: int
    plot_bottom: float


def per_minute(overview: Overview) -> Chart:
    minutes = overview.minutes
    totals = [sum(overview.counts[o][i] for o in OUTCOMES) for i in range(minutes)]
    peak = max([*totals, 1])
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_w / minutes
    bars: list[Bar] = []
    for i in range(minutes):
        base = float(HEIGHT - BOTTOM)
        at = overview.start + timedelta(minutes=i)
        for outcome in OUTCOMES:
            count = overview.counts[outcome][i]
            if not count:
                continue
            h = count / peak * plot_h
            base -= h
            title = f"{at:%H:%M} UTC: {count} {outcome}"
            bars.append(Bar(LEFT + i * step, base, max(step - 0.5, 0.5), h, COLOURS[outcome], title))
    values = sorted({0, peak // 2, peak})
    y_ticks = [(HEIGHT - BOTTOM - plot_h * v / peak, v) for v in values]
    every = max(minutes // 6, 1)
    x_ticks = [(LEFT + i * step, f"{overview.start + timedelta(minutes=i):%H:%M}") for i in range(0, minutes, every)]
    sums = {o: sum(overview.counts[o]) for o in OUTCOMES}
    summary = (
        f"{overview.total} delivery attempt{'' if overview.total == 1 else 's'} in the last {minutes // 60} "
        f"hour{'' if minutes == 60 else 's'}: "
        + ", ".join(f"{sums[o]} {o}" for o in OUTCOMES)
        + f"; the busiest minute had {max(totals, default=0)}."
    )
    return Chart(WIDTH, HEIGHT, bars, y_ticks, x_ticks, summary, LEFT, HEIGHT - BOTTOM)

"""The closing table of ``make bench``: each headline figure beside its target (issue 18) and the ratio of the two,
with the machine it ran on (cores, load average when the figure was taken).

Benchmarks call ``record`` as they print their own tables; ``bench/run.py`` prints ``summary_table`` at the end.
A ratio of 1.00 or more meets the target; for "at most" targets the ratio is target / figure, so above 1 is good
there too. The load average matters: the figures of a loaded machine are low and noisy, and the ratios against
plain SQL measured in the same run (purges) survive load better than absolute rates.
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: float
    at_most: bool  # the target is a ceiling (queries per order), else a floor
    load: float  # one-minute load average when it was measured

    @property
    def ratio(self) -> float:
        if self.at_most:
            return self.target / self.value if self.value else float("inf")
        return self.value / self.target if self.target else float("inf")

    @property
    def met(self) -> bool:
        return self.value <= self.target if self.at_most else self.value >= self.target


FIGURES: list[Figure] = []


def load_average() -> float:
    return os.getloadavg()[0]


def record(name: str, value: float, unit: str, *, target: float, at_most: bool = False) -> Figure:
    figure = Figure(name=name, value=value, unit=unit, target=target, at_most=at_most, load=load_average())
    FIGURES.append(figure)
    return figure


def machine() -> str:
    return f"{os.cpu_count()} cores, load average {' / '.join(f'{value:.1f}' for value in os.getloadavg())}"


def summary_table() -> str:
    """The figures recorded so far, one line each, with the machine."""
    if not FIGURES:
        return ""
    lines = [
        f"\nsummary ({machine()} at the end)",
        f"{'figure':<62}{'value':>12}{'target':>14}{'ratio':>8}{'load':>7}  verdict",
    ]
    for figure in FIGURES:
        sign = "<=" if figure.at_most else ">="
        lines.append(
            f"{figure.name:<62}{figure.value:>8.2f} {figure.unit:<3}{sign:>5} {figure.target:>6.2f} {figure.unit:<3}"
            f"{figure.ratio:>6.2f}x{figure.load:>7.1f}  {'met' if figure.met else 'NOT MET'}"
        )
    lines.append("ratio = value / target (target / value for a ceiling): 1.00x or more meets the target")
    return "\n".join(lines)

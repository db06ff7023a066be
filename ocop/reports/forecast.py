"""Where a count will stand at the end of a plan, from its yearly trend.

Method (shown on the dashboard): fit a straight line by ordinary least squares through the
values of the years already complete, read it at the years still to come, and give a range of
plus or minus the residual standard error (how far, typically, the years so far sit from the
line). With two years the line passes through both and there is no range; with fewer than two
there is no forecast.
"""

import math
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Line:
    slope: float
    intercept: float
    residual_se: float  # 0 when the points lie on the line or there are only two

    def at(self, year: int) -> float:
        return self.intercept + self.slope * year


def fit(points: dict[int, float]) -> Line | None:
    """Least-squares line through (year, value) points; None with fewer than two years."""
    n = len(points)
    if n < 2:
        return None
    xs, ys = list(points), [float(v) for v in points.values()]
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    residuals = [y - (intercept + slope * x) for x, y in zip(xs, ys, strict=True)]
    se = math.sqrt(sum(r * r for r in residuals) / (n - 2)) if n > 2 else 0.0
    return Line(slope, intercept, se)


@dataclass(frozen=True)
class Forecast:
    value: int  # the projected value at the plan's end
    low: int
    high: int
    years_used: list[int]
    line: Line

    def meets(self, target: Decimal, at_most: bool = False) -> bool:
        return self.value <= target if at_most else self.value >= target


def project(
    yearly: dict[int, float],
    *,
    complete_until: int,
    end_year: int,
    cumulative: bool,
) -> Forecast | None:
    """Project a yearly series to `end_year`.

    `yearly` holds one value per year; only years up to `complete_until` are fitted (a year
    still running would drag the line down). For a `cumulative` target (e.g. products ranked
    over the plan) the result is the complete years' sum plus the line's value for each year
    left, with a range of ± the residual error for each year left; otherwise it is the line's
    value at `end_year`, ± the residual error.
    """
    used = {y: float(v) for y, v in sorted(yearly.items()) if y <= complete_until and v is not None}
    line = fit(used)
    if line is None:
        return None
    if cumulative:
        remaining = list(range(complete_until + 1, end_year + 1))
        value = sum(used.values()) + sum(max(line.at(y), 0.0) for y in remaining)
        spread = line.residual_se * len(remaining)
    else:
        value, spread = max(line.at(end_year), 0.0), line.residual_se
    return Forecast(
        value=round(value),
        low=max(round(value - spread), 0),
        high=round(value + spread),
        years_used=list(used),
        line=line,
    )

"""Charts as the model holds them: what a report shows as a picture a reader looks at (score
distribution, mastery per objective, facility against discrimination). Plain frozen data: the docx
writer draws a native, editable Word chart from it (render/docx/charts.py), the report page an
SVG. A chart says what it shows, never how it looks: colours and fonts come from the writer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import Location

NOWHERE = Location("<generated>", 0)


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name (the legend's words) and a value per category (None: no
    value). xs: for a scatter chart, each point's x (values are the y's)."""

    name: str
    values: tuple[float | None, ...]
    xs: tuple[float, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A chart. kind: "column" (vertical bars), "bar" (horizontal bars), "stacked" (vertical bars
    stacked to 100%), "line", or "scatter" (each series' points at (xs, values); categories then
    name the points). line: a reference value drawn across the chart (the pass mark) with its
    label. y_min and y_max: the value axis' range (None: the writer's choice). percent: values are
    0-100 percentages. language: the BCP 47 tag of its words."""

    kind: Literal["column", "bar", "stacked", "line", "scatter"]
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_title: str = ""
    y_title: str = ""
    y_min: float | None = None
    y_max: float | None = None
    x_min: float | None = None
    x_max: float | None = None
    line: float | None = None
    line_label: str = ""
    percent: bool = False
    language: str = ""
    loc: Location = NOWHERE

"""The officers' charts, drawn off-screen with matplotlib (Agg, no display): a PNG for the
chat and an SVG for the web dashboard, from the same figures.

Only matplotlib's object API is used (no pyplot): it keeps no global state, so charts may be
drawn on worker threads at once.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from flows.lifecycle import state as lifecycle_state
from flows.report_effects import TARGET_CERTIFIED_3_4, TARGET_CERTIFIED_4_PLUS, StatsFigures
from flows.texts import t

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_BAR = "#2e7d32"
_TARGET = "#c62828"


def _figure(figures: StatsFigures, lang: str) -> Figure:
    # matplotlib costs about 20 MB and half a second to import: only once a chart is asked for.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 7), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    stages, certified = figure.subplots(2, 1, height_ratios=(3, 1))
    labels = [lifecycle_state(s).label(lang) for s, _ in figures.ideas_by_stage]
    counts = [n for _, n in figures.ideas_by_stage]
    stages.barh(labels, counts, color=_BAR)
    stages.invert_yaxis()  # the chain's order, top to bottom
    stages.set_title(t("CHART_IDEAS_BY_STAGE", lang))
    stages.xaxis.get_major_locator().set_params(integer=True)
    for y, n in enumerate(counts):
        stages.text(n, y, f" {n}", va="center")
    names = [t("CHART_CERTIFIED_3_4", lang), t("CHART_CERTIFIED_4_PLUS", lang)]
    values = [figures.certified_3_4, figures.certified_4_plus]
    targets = [TARGET_CERTIFIED_3_4, TARGET_CERTIFIED_4_PLUS]
    certified.barh(names, targets, color="none", edgecolor=_TARGET, label=t("CHART_TARGET", lang))
    certified.barh(names, values, color=_BAR, label=t("CHART_NOW", lang))
    certified.invert_yaxis()
    certified.set_xlim(0, max(*values, *targets) * 1.15)  # room for the "n/target" labels
    certified.set_title(t("CHART_CERTIFIED", lang))
    certified.legend(loc="lower right")
    for y, (n, target) in enumerate(zip(values, targets, strict=True)):
        certified.text(max(n, target), y, f" {n}/{target}", va="center")
    return figure


def stats_png(figures: StatsFigures, lang: str) -> bytes:
    out = io.BytesIO()
    _figure(figures, lang).savefig(out, format="png")
    return out.getvalue()


def stats_svg(figures: StatsFigures, lang: str) -> str:
    """The chart as an SVG document (its text kept as text, so it scales and reads)."""
    out = io.StringIO()
    figure = _figure(figures, lang)
    figure.savefig(out, format="svg", metadata={"Date": None})
    svg = out.getvalue()
    return svg[svg.index("<svg") :]  # inline in a page: without the XML prologue

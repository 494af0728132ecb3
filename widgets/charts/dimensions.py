"""Conflicts by dimension: a horizontal bar per dimension, by number or total severity.

Each bar is labelled with the value shown and, in brackets, the other measure. Declared
pairs whose needs are about different things share the last bar, drawn in another colour
and named in words, so neither colour nor order alone carries the difference.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QWidget

from app.analysis import format_number
from widgets.charts.base import (
    INK,
    LABEL_PX,
    MUTED,
    OUTLINE,
    TICK_PX,
    ChartView,
    nice_ticks,
    prepare_plot,
    style_axis,
    wrap_label,
)
from widgets.charts.data import COUNT, DIFFERENT_THINGS, SEVERITY, DimensionBar, DimensionData
from widgets.theme import scene_font

BAR = QColor("#0072B2")  # Okabe-Ito blue
DECLARED_BAR = QColor("#CC79A7")  # Okabe-Ito reddish purple
BAR_HEIGHT = 0.62
LABEL_ROOM = 1.45  # the x axis reaches this far past the longest bar, for its label


def tr(text: str) -> str:
    return QCoreApplication.translate("Charts", text)


def dimension_label(dimension: str) -> str:
    return tr("(declared, different things)") if dimension == DIFFERENT_THINGS else dimension


def bar_label(bar: DimensionBar, measure: str) -> str:
    """`3  (severity 26)` or `26  (3 conflicts)`."""
    severity = format_number(bar.severity)
    if measure == SEVERITY:
        other = tr("1 conflict") if bar.count == 1 else tr("{0} conflicts").format(bar.count)
        return f"{severity}  ({other})"
    return tr("{0}  (severity {1})").format(bar.count, severity)


class DimensionsChart(ChartView):
    """Conflicts of one map per normalised dimension; `set_measure` switches the bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: DimensionData | None = None
        self.measure = COUNT
        self.shown: tuple[DimensionBar, ...] = ()
        self.addItem(self.title, row=0, col=0)
        self.plot = self.addPlot(row=1, col=0)
        self.addItem(self.footnote, row=2, col=0)
        prepare_plot(self.plot)
        self.plot.invertY(True)
        self.plot.showGrid(x=True, y=False, alpha=0.3)
        self.plot.getAxis("left").setStyle(tickLength=0)
        outline = QPen(OUTLINE, 1.5)
        outline.setCosmetic(True)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=BAR_HEIGHT, width=[], pen=outline)
        self.plot.addItem(self.bars)
        self.labels: list[pg.TextItem] = []
        self.empty = pg.TextItem(anchor=(0.5, 0.5), color=MUTED)
        self.empty.setFont(scene_font(LABEL_PX + 2))
        self.plot.addItem(self.empty)
        self._names: tuple[str, ...] | None = None

    def set_measure(self, measure: str) -> None:
        if measure != self.measure:
            self.measure = measure
            if self.data is not None:
                self.set_data(self.data)

    def set_data(self, data: DimensionData) -> None:
        """Show `data`, ordered by the measure shown; items are updated in place."""
        self.data = data
        measure = self.measure
        what = tr("number of conflicts") if measure == COUNT else tr("total severity")
        self.title.set_text(tr("Conflicts by dimension ({0}): {1}").format(what, data.map_name))
        bars = data.ordered(measure)
        self.shown = bars
        self._show_names(tuple(dimension_label(b.dimension) for b in bars))
        values = [float(b.value(measure)) for b in bars]
        self.bars.setOpts(
            x0=[0.0] * len(bars),
            y=list(range(len(bars))),
            height=BAR_HEIGHT,
            width=values,
            brushes=[
                pg.mkBrush(DECLARED_BAR if b.dimension == DIFFERENT_THINGS else BAR) for b in bars
            ],
        )
        highest = max(values, default=0.0)
        right = max(highest * LABEL_ROOM, 4.0 if measure == COUNT else 10.0)
        self.plot.setXRange(0, right, padding=0)
        self.plot.setYRange(-0.6, max(len(bars), 1) - 0.4, padding=0)
        self.plot.getAxis("bottom").setTicks([nice_ticks(right), []])
        while len(self.labels) < len(bars):
            label = pg.TextItem(anchor=(0, 0.5), color=INK)
            label.setFont(scene_font(TICK_PX))
            label.setZValue(10)
            self.plot.addItem(label)
            self.labels.append(label)
        for index, label in enumerate(self.labels):
            if index < len(bars):
                label.setText(bar_label(bars[index], measure))
                label.setPos(values[index] + right * 0.01, index)
                label.setVisible(True)
            else:
                label.setVisible(False)
        self.empty.setText("" if bars else tr("No conflicts on this map"))
        self.empty.setPos(right / 2, 0)
        self.footnote.set_text(
            tr("Not counted: {0} marked 'not a conflict'.").format(data.dismissed)
            if data.dismissed
            else ""
        )

    def _show_names(self, names: tuple[str, ...]) -> None:
        if names == self._names:
            return
        self._names = names
        labels = [(i, wrap_label(name, 24)) for i, name in enumerate(names)]
        left = self.plot.getAxis("left")
        left.setTicks([labels, []])
        style_axis(left, [text for _, text in labels])
        left.setStyle(tickLength=0)

    def bar_names(self) -> list[str]:
        """The dimensions as the bars show them, top to bottom."""
        return [dimension_label(b.dimension) for b in self.shown]

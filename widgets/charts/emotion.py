"""Emotion curves: how each actor felt along the map, with the emotion gaps marked.

Signals:
    step_clicked(step_id): a point was clicked; the step it rates.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsItem, QWidget

from app.model import EMOTION_MAX, EMOTION_MIN
from widgets.charts.base import (
    GRID,
    MUTED,
    SELECTION,
    TICK_PX,
    ChartView,
    Legend,
    line_pens,
    marker_pen,
    prepare_plot,
    style_axis,
    wrap_label,
)
from widgets.charts.data import EmotionData, EmotionSeries, GapMark
from widgets.theme import scene_font

# Each line, set of points, the brackets and the gap labels are drawn on screen from a
# picture of their own (Qt's item cache), made again only when that item changes: a
# re-rating then redraws one actor's line and points (~2 ms) instead of eight dashed,
# cased, antialiased lines and the brackets (~15-20 ms). The pictures live in Qt's pixmap
# cache, which `widgets.application.make_application` enlarges for them. Exports draw
# every item afresh as vector shapes and text (`ChartView.render_chart`).
CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache
MARKER_PX = 18
RING_PX = 34
GAP_COLOUR = QColor("#A8001A")  # 7:1 on white
Y_MARGIN = 0.55


def tr(text: str) -> str:
    return QCoreApplication.translate("Charts", text)


def rating_labels() -> list[tuple[int, str]]:
    """-3..3 with words at the ends: `-3 very bad` ... `+3 very good`."""
    labels = []
    for value in range(EMOTION_MIN, EMOTION_MAX + 1):
        text = f"+{value}" if value > 0 else str(value)  # the shipped font has no U+2212
        if value == EMOTION_MIN:
            text = tr("{0} very bad").format(text)
        elif value == EMOTION_MAX:
            text = tr("{0} very good").format(text)
        labels.append((value, text))
    return labels


class _Actor:
    """The items of one actor's curve, kept and re-used across updates."""

    def __init__(self, plot: pg.PlotItem, on_clicked: object) -> None:
        self.line = pg.PlotDataItem(antialias=True)
        self.line.setZValue(10)
        self.line.curve.setCacheMode(CACHED)  # the item that draws the line
        self.points = pg.ScatterPlotItem(size=MARKER_PX, pxMode=True, antialias=True)
        self.points.setZValue(20)
        self.points.setCacheMode(CACHED)
        self.points.sigClicked.connect(on_clicked)
        plot.addItem(self.line)
        plot.addItem(self.points)
        self.style = None
        self.shown: EmotionSeries | None = None

    def show(self, series: EmotionSeries) -> None:
        if series == self.shown:
            return  # drawn already (an edit re-rated another actor's step)
        self.shown = series
        if series.style != self.style:
            self.style = series.style
            pen, shadow = line_pens(series.style)
            self.line.setPen(pen)
            self.line.setShadowPen(shadow)
            self.points.setSymbol(series.style.symbol)
            self.points.setBrush(pg.mkBrush(series.style.colour))
            self.points.setPen(marker_pen())
        self.line.setData(list(series.mean_x), list(series.mean_y))
        self.points.setData(
            x=[p.x for p in series.points],
            y=[p.rating for p in series.points],
            data=[p.step for p in series.points],
        )
        # One rated stage has no line to draw (an empty path would go into an SVG).
        self.line.setVisible(len(series.mean_x) > 1)
        self.points.setVisible(True)

    def hide(self) -> None:
        self.shown = None
        self.line.setData([], [])
        self.points.setData([])
        self.line.setVisible(False)
        self.points.setVisible(False)


class EmotionChart(ChartView):
    """One line per actor through its stage means, a point per rated step, gap brackets."""

    step_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: EmotionData | None = None
        self.selected: tuple[str, ...] = ()
        self.legend = Legend()
        self.addItem(self.title, row=0, col=0)
        self.addItem(self.legend, row=1, col=0)
        self.plot = self.addPlot(row=2, col=0)
        self.addItem(self.footnote, row=3, col=0)
        prepare_plot(self.plot)
        labels = rating_labels()
        left = self.plot.getAxis("left")
        left.setTicks([labels, []])
        style_axis(left, [text for _, text in labels])
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        neutral = QPen(GRID, 2, Qt.PenStyle.DashLine)
        neutral.setCosmetic(True)
        self.plot.addItem(pg.InfiniteLine(0, angle=0, pen=neutral))
        self.plot.setYRange(EMOTION_MIN - Y_MARGIN, EMOTION_MAX + Y_MARGIN, padding=0)
        self.actors: list[_Actor] = []
        gap_pen = QPen(GAP_COLOUR, 3.0)
        gap_pen.setCosmetic(True)
        gap_pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        # Upright and level strokes only: crisp without antialiasing on screen, and
        # drawn in a third of the time (exports are antialiased all the same).
        self.brackets = pg.PlotCurveItem(connect="pairs", pen=gap_pen, antialias=False)
        self.brackets.setZValue(5)
        self.brackets.setCacheMode(CACHED)
        self.plot.addItem(self.brackets)
        self.gap_labels: list[pg.TextItem] = []
        self._gaps: tuple[GapMark, ...] | None = None  # what the brackets show
        self._label_gaps: list[GapMark | None] = []  # what each label shows
        ring = QPen(SELECTION, 4.0)
        ring.setCosmetic(True)
        self.rings = pg.ScatterPlotItem(
            symbol="o", size=RING_PX, pen=ring, brush=pg.mkBrush(None), antialias=True
        )
        self.rings.setZValue(30)
        self.rings.sigClicked.connect(self._on_points_clicked)
        self.plot.addItem(self.rings)
        self.empty = pg.TextItem(anchor=(0.5, 0.5), color=MUTED)
        self.empty.setFont(scene_font(TICK_PX + 2))
        self.plot.addItem(self.empty)
        self._stages: tuple[str, ...] | None = None

    # -- data -------------------------------------------------------------------------

    def set_data(self, data: EmotionData) -> None:
        """Show `data`: items are updated in place, never rebuilt."""
        self.data = data
        self.title.set_text(tr("How people felt: {0}").format(data.map_name))
        self._show_stages(data.stages)
        while len(self.actors) < len(data.series):
            self.actors.append(_Actor(self.plot, self._on_points_clicked))
        for index, actor in enumerate(self.actors):
            if index < len(data.series):
                actor.show(data.series[index])
            else:
                actor.hide()
        self.legend.set_styles([s.style for s in data.series])
        self._show_gaps(data)
        rated = any(s.points for s in data.series)
        self.empty.setText("" if rated else tr("Nobody has rated a step of this map yet"))
        self.empty.setPos(max(len(data.stages) - 1, 0) / 2, 0.0)
        self.footnote.set_text(
            tr("Points: each rated step. Lines: each stage's mean. Brackets: emotion gaps.")
            if rated
            else ""
        )
        self._show_selection()

    def _show_stages(self, stages: tuple[str, ...]) -> None:
        if stages == self._stages:
            return
        self._stages = stages
        labels = [(i, wrap_label(name)) for i, name in enumerate(stages)]
        bottom = self.plot.getAxis("bottom")
        bottom.setTicks([labels, []])
        style_axis(bottom, [text for _, text in labels])
        self.plot.setXRange(-0.5, max(len(stages), 1) - 0.5, padding=0)

    def _show_gaps(self, data: EmotionData) -> None:
        if data.gaps == self._gaps:
            return
        self._gaps = data.gaps
        xs: list[float] = []
        ys: list[float] = []
        serif = 0.06
        for gap in data.gaps:
            xs += [gap.x, gap.x, gap.x - serif, gap.x + serif, gap.x - serif, gap.x + serif]
            ys += [gap.low, gap.high, gap.low, gap.low, gap.high, gap.high]
        self.brackets.setData(xs, ys)
        while len(self.gap_labels) < len(data.gaps):
            label = pg.TextItem(
                anchor=(0, 0.5), color=GAP_COLOUR, fill=pg.mkBrush(255, 255, 255, 220)
            )
            label.setFont(scene_font(TICK_PX, bold=True))
            label.setZValue(25)
            # A hundred boxed labels take ~13 ms a repaint drawn afresh, ~1 ms from their
            # cached pictures (`render_chart` draws them afresh for exports).
            label.setCacheMode(CACHED)
            label.textItem.setCacheMode(CACHED)
            self.plot.addItem(label)
            self.gap_labels.append(label)
            self._label_gaps.append(None)
        for index, label in enumerate(self.gap_labels):
            if index < len(data.gaps):
                gap = data.gaps[index]
                if gap == self._label_gaps[index]:
                    continue  # shows this gap already
                self._label_gaps[index] = gap
                label.setText(tr("gap {0}").format(gap.gap))
                if gap.label_side == "left":
                    label.setAnchor((1, 0.5))
                    label.setPos(gap.x - serif - 0.02, gap.label_y)
                else:
                    label.setAnchor((0, 0.5))
                    label.setPos(gap.x + serif + 0.02, gap.label_y)
                label.setToolTip(
                    tr("{0} {1:+d}, {2} {3:+d}").format(
                        gap.actors[0], gap.low, gap.actors[1], gap.high
                    )
                )
                label.setVisible(True)
            else:
                self._label_gaps[index] = None
                label.setVisible(False)

    # -- selection --------------------------------------------------------------------

    def set_selected(self, steps: list[str] | tuple[str, ...]) -> None:
        """Ring the points of these steps (the map's selection)."""
        self.selected = tuple(steps)
        self._show_selection()

    def _show_selection(self) -> None:
        points = self.data.points_of(self.selected) if self.data and self.selected else []
        self.rings.setData(
            x=[x for x, _ in points], y=[y for _, y in points], data=self._ring_steps()
        )

    def _ring_steps(self) -> list[str]:
        if not self.data:
            return []
        wanted = set(self.selected)
        return [p.step for s in self.data.series for p in s.points if p.step in wanted]

    def _on_points_clicked(self, _item: object, points: list, _event: object = None) -> None:
        if len(points):
            step = points[0].data()
            if step:
                self.step_clicked.emit(str(step))

    def point_position(self, step: str) -> tuple[float, float] | None:
        """Where the first point of `step` is, in the plot's data coordinates."""
        points = self.data.points_of([step]) if self.data else []
        return points[0] if points else None

    def plot_rect(self) -> QRectF:
        return self.plot.vb.sceneBoundingRect()

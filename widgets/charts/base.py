"""What the three charts share: the pyqtgraph view, projector-sized fonts, legend, export.

Importing this module imports pyqtgraph (about 0.3 s): only the chart modules do, and the
dock imports them when a chart is first shown.

Text is drawn in the shipped font at pixel sizes (16 px is 12 pt at 96 dpi), so a chart
rendered into a PNG, an SVG or a PDF looks as it does on screen. Axis sizes are computed
from the labels rather than left to pyqtgraph's auto-expansion, which needs a paint and
a second layout pass that an offscreen export never gets.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSceneResizeEvent, QWidget

from widgets.charts.data import ActorStyle
from widgets.theme import scene_font

TICK_PX = 18
LABEL_PX = 18
TITLE_PX = 24
NOTE_PX = 16
LINE_WIDTH = 4.0
INK = QColor("#111111")
MUTED = QColor("#4A4F59")  # 8:1 on white
GRID = QColor("#C9CED6")
BACKGROUND = QColor("#FFFFFF")
SELECTION = QColor("#0B5CD5")
# Dash patterns in pixels (Qt counts them in pen widths: see `dash_pen`).
DASH_PIXELS = {
    "solid": (),
    "dash": (14.0, 7.0),
    "dot": (3.0, 7.0),
    "dashdot": (14.0, 6.0, 3.0, 6.0),
    "longdash": (28.0, 8.0),
}
OUTLINE = QColor("#2B2B2B")  # around markers and lines, so yellow shows on white


def dash_pen(colour: QColor | str, width: float, dash: str) -> QPen:
    """A cosmetic pen `width` pixels wide in the dash `dash`, dash lengths in pixels."""
    pen = QPen(QColor(colour), width)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pattern = DASH_PIXELS.get(dash, ())
    if pattern:
        pen.setDashPattern([length / width for length in pattern])
    return pen


def line_pens(style: ActorStyle) -> tuple[QPen, QPen]:
    """The actor's line and the dark casing under it (same dashes, a bit wider)."""
    casing = LINE_WIDTH + 2.5
    pen = dash_pen(style.colour, LINE_WIDTH, style.dash)
    shadow = dash_pen(OUTLINE, casing, style.dash)
    if style.dash != "solid":  # the same dash lengths in pixels as the line's
        shadow.setDashPattern([length / casing for length in DASH_PIXELS[style.dash]])
    return pen, shadow


def marker_pen() -> QPen:
    pen = QPen(OUTLINE, 1.8)
    pen.setCosmetic(True)
    return pen


def wrap_label(text: str, width: int = 14) -> str:
    """A long axis label on up to three lines."""
    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), width, placeholder="…")]
    return "\n".join(lines)


def text_size(font: QFont, text: str) -> QSizeF:
    """The size of (possibly multi-line) `text` in `font`."""
    metrics = QFontMetricsF(font)
    rect = metrics.boundingRect(QRectF(0, 0, 10_000, 10_000), Qt.AlignmentFlag.AlignCenter, text)
    return rect.size()


def style_axis(axis: pg.AxisItem, labels: Sequence[str] = ()) -> None:
    """Dark, projector-sized ticks; room for `labels` (or the default numbers)."""
    font = scene_font(TICK_PX)
    axis.setPen(pg.mkPen(INK, width=1.5))
    axis.setTextPen(pg.mkPen(INK))
    axis.setStyle(tickFont=font, tickTextOffset=8, tickLength=-8, autoExpandTextSpace=False)
    sizes = [text_size(font, label) for label in labels] or [text_size(font, "-0.5")]
    if axis.orientation in ("left", "right"):
        axis.setWidth(int(max(s.width() for s in sizes) + 22))
    else:
        axis.setHeight(int(max(s.height() for s in sizes) + 18))


def prepare_plot(plot: pg.PlotItem) -> None:
    """A plot people read, not explore: no mouse zoom, menu, or auto-range button."""
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.vb.setMouseEnabled(x=False, y=False)
    plot.vb.setDefaultPadding(0.0)
    plot.vb.disableAutoRange()
    plot.vb.setZValue(1)  # data over the grid lines, which the axes draw (at z 0.5)
    for name in ("left", "bottom"):
        style_axis(plot.getAxis(name))


def nice_ticks(highest: float, most: int = 8) -> list[tuple[float, str]]:
    """Round ticks from 0 to `highest`: steps of 1, 2 or 5 times a power of ten."""
    step = 1.0
    while highest / step > most:
        for factor in (2, 2.5, 2):
            step *= factor
            if highest / step <= most:
                break
    ticks, value = [], 0.0
    while value <= highest + 1e-9:
        ticks.append((value, f"{value:g}"))
        value += step
    return ticks


class TextBlock(pg.GraphicsWidget):
    """A line of text (a title, a footnote) as tall as its font needs, drawn as real text;
    it takes no room while it is empty or switched off."""

    def __init__(self, pixel_size: int, bold: bool = False, colour: QColor = INK) -> None:
        super().__init__()
        self.font = scene_font(pixel_size, bold=bold)
        self.colour = colour
        self.text = ""
        self.enabled = True
        self.line_height = QFontMetricsF(self.font).height() + 6
        self._fit()

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self._fit()
            self.update()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._fit()

    def _fit(self) -> None:
        shown = self.enabled and bool(self.text)
        height = self.line_height if shown else 0.0
        self.setMinimumHeight(height)
        self.setMaximumHeight(height)
        self.setVisible(shown)

    def paint(self, painter: QPainter, *_: object) -> None:
        painter.setFont(self.font)
        painter.setPen(self.colour)
        rect = self.boundingRect().adjusted(12, 0, -12, 0)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, int(flags), self.text)


class Legend(pg.GraphicsWidget):
    """Each actor's line, marker and name, in rows that wrap to the chart's width."""

    SAMPLE = 64.0
    GAP = 28.0

    def __init__(self) -> None:
        super().__init__()
        self.font = scene_font(LABEL_PX)
        self.metrics = QFontMetricsF(self.font)
        self.row_height = max(self.metrics.height(), 26.0) + 8
        self.styles: tuple[ActorStyle, ...] = ()
        self._rows = 0
        self._fit()

    def set_styles(self, styles: Sequence[ActorStyle]) -> None:
        styles = tuple(styles)
        if styles != self.styles:
            self.styles = styles
            self._fit()
            self.update()

    def _widths(self) -> list[float]:
        return [self.SAMPLE + 8 + self.metrics.horizontalAdvance(s.name) for s in self.styles]

    def _places(self, width: float) -> list[QPointF]:
        """Top-left corner of each entry when the legend is `width` wide."""
        places, x, y = [], 12.0, 0.0
        for entry in self._widths():
            if x > 12.0 and x + entry > width - 12:
                x, y = 12.0, y + self.row_height
            places.append(QPointF(x, y))
            x += entry + self.GAP
        return places

    def _fit(self) -> None:
        places = self._places(max(self.size().width(), 200.0))
        rows = round(places[-1].y() / self.row_height) + 1 if places else 0
        if rows != self._rows or self.minimumHeight() == 0:
            self._rows = rows
            height = rows * self.row_height + 4 if rows else 0.0
            self.setMinimumHeight(height)
            self.setMaximumHeight(height)
            self.setVisible(bool(rows))

    def resizeEvent(self, event: QGraphicsSceneResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def paint(self, painter: QPainter, *_: object) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(self.font)
        for style, place in zip(self.styles, self._places(self.size().width()), strict=True):
            middle = place.y() + self.row_height / 2
            pen, shadow = line_pens(style)
            for each in (shadow, pen):
                painter.setPen(each)
                painter.drawLine(
                    QPointF(place.x(), middle), QPointF(place.x() + self.SAMPLE, middle)
                )
            painter.save()
            painter.translate(place.x() + self.SAMPLE / 2, middle)
            pg.graphicsItems.ScatterPlotItem.drawSymbol(
                painter, style.symbol, 18, marker_pen(), pg.mkBrush(style.colour)
            )
            painter.restore()
            painter.setPen(INK)
            text = QRectF(place.x() + self.SAMPLE + 8, place.y(), 2000, self.row_height)
            painter.drawText(text, int(Qt.AlignmentFlag.AlignVCenter), style.name)


class ChartView(pg.GraphicsLayoutWidget):
    """A white pyqtgraph canvas with a title row; renders itself for exports."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, show=False)
        self.setBackground(BACKGROUND)
        self.scene().setFont(scene_font(TICK_PX))  # not the app's: exports name one family
        self.ci.setContentsMargins(4, 4, 12, 4)
        self.ci.layout.setVerticalSpacing(4)
        self.title = TextBlock(TITLE_PX, bold=True)
        self.footnote = TextBlock(NOTE_PX, colour=MUTED)
        self.for_export = False
        self.title.set_enabled(False)
        self.setMinimumSize(320, 240)

    def sizeHint(self) -> QSize:
        """As much room as the conflicts panel beside it asks for; the map keeps the rest."""
        return QSize(900, 300)

    def set_for_export(self, on: bool) -> None:
        """Exports carry the title on the chart (the dock names it in its tab) and leave
        out what only the screen can do (click hints)."""
        self.for_export = on
        self.title.set_enabled(on)

    def render_chart(self, painter: QPainter, target: QRectF, size: QSizeF) -> None:
        """Lay the chart out at `size` (scene pixels) and paint it into `target`.

        Items go into pyqtgraph's export mode first, so markers are drawn as vector shapes
        rather than from the on-screen pixmap cache, and items cached as pictures on screen
        (the gap labels) are drawn afresh, as text.
        """
        source = QRectF(0, 0, size.width(), size.height())
        self.setSceneRect(source)
        self.ci.setGeometry(source)
        self.ci.layout.activate()
        items = [item for item in self.scene().items() if hasattr(item, "setExportMode")]
        options = {"antialias": True, "background": BACKGROUND, "painter": painter}
        for item in items:
            item.setExportMode(True, options)
        no_cache = QGraphicsItem.CacheMode.NoCache
        cached = [(i, i.cacheMode()) for i in self.scene().items() if i.cacheMode() != no_cache]
        for item, _mode in cached:
            item.setCacheMode(no_cache)
        try:
            painter.setFont(scene_font(TICK_PX))
            painter.setRenderHints(
                QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
            )
            self.scene().render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        finally:
            for item, mode in cached:
                item.setCacheMode(mode)
            for item in items:
                item.setExportMode(False)

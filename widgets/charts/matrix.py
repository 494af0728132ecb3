"""Conflict matrix: actors x actors, each cell the conflicts between that pair of actors.

Cells are coloured by the number or the total severity of the pair's conflicts (a pale to
dark scale), with both numbers written in the cell in black or white, whichever reads
better on the cell's colour. Cells are vector rectangles, so SVG and PDF stay sharp.

Signals:
    pair_chosen(row_actor, column_actor): a cell off the diagonal was clicked; actor names.
"""

from __future__ import annotations

from typing import NamedTuple

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.analysis import format_number
from widgets.charts.base import (
    LABEL_PX,
    MUTED,
    ChartView,
    prepare_plot,
    style_axis,
    wrap_label,
)
from widgets.charts.data import COUNT, SEVERITY, MatrixData
from widgets.theme import readable_text_on, scene_font

# Sequential scale from "none" to "most" (light to dark orange-brown: a single hue, so it
# reads in grey and to every colour vision). Zero is white; the diagonal is grey.
SCALE = tuple(QColor(c) for c in ("#FFF1DE", "#FDBE85", "#F07C2A", "#B84A06", "#6A2A04"))
EMPTY = QColor("#FFFFFF")
DIAGONAL = QColor("#E3E5E9")
CELL_LINE = QColor("#8A909B")
ZERO_TEXT = QColor("#6B717C")  # 4.9:1 on white: there, but quieter than a conflict
VALUE_PX = 26
DETAIL_PX = 16
COMPACT_BELOW_PX = 66  # cells lower than this show one number
SCALE_FLOOR = {COUNT: 4, SEVERITY: 25.0}


def tr(text: str) -> str:
    return QCoreApplication.translate("Charts", text)


def cell_colour(value: float, highest: float) -> QColor:
    """The scale's colour for `value` out of `highest` (white for nothing)."""
    if value <= 0 or highest <= 0:
        return EMPTY
    t = min(value / highest, 1.0) * (len(SCALE) - 1)
    low = min(int(t), len(SCALE) - 2)
    f = t - low
    a, b = SCALE[low], SCALE[low + 1]
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * f,
        a.greenF() + (b.greenF() - a.greenF()) * f,
        a.blueF() + (b.blueF() - a.blueF()) * f,
    )


class CellText(NamedTuple):
    """What one cell says: the measure shown, large, and the other one under it."""

    value: str
    detail: str
    colour: QColor


def cell_text(count: int, severity: float, measure: str, colour: QColor) -> CellText:
    """The words of a cell off the diagonal, in black or white to read on `colour`."""
    if count == 0:
        return CellText("0", "", ZERO_TEXT)
    text = readable_text_on(colour)
    if measure == SEVERITY:
        detail = tr("1 conflict") if count == 1 else tr("{0} conflicts").format(count)
        return CellText(format_number(severity), detail, text)
    return CellText(str(count), tr("severity {0}").format(format_number(severity)), text)


class CellTexts(pg.GraphicsObject):
    """Every cell's numbers, painted at a fixed pixel size whatever the cells' size (one
    item: a text item per cell made an update several times slower). Cells lower than
    COMPACT_BELOW_PX show the large number alone."""

    def __init__(self) -> None:
        super().__init__()
        self.size = 0
        self.cells: list[CellText | None] = []  # row by row; None on the diagonal
        self.value_font = scene_font(VALUE_PX, bold=True)
        self.zero_font = scene_font(VALUE_PX)
        self.detail_font = scene_font(DETAIL_PX)
        self.line = QFontMetricsF(self.value_font).height()
        self.detail_line = QFontMetricsF(self.detail_font).height()

    def set_cells(self, size: int, cells: list[CellText | None]) -> None:
        if (size, cells) != (self.size, self.cells):
            self.prepareGeometryChange()
            self.size, self.cells = size, cells
            self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.size, self.size)

    def paint(self, painter: QPainter, *_: object) -> None:
        transform = painter.transform()
        cell_height = abs(transform.map(QPointF(0, 1)).y() - transform.map(QPointF(0, 0)).y())
        compact = cell_height < COMPACT_BELOW_PX
        painter.resetTransform()  # text in pixels, centred on each cell
        centre = Qt.AlignmentFlag.AlignCenter
        for index, cell in enumerate(self.cells):
            if cell is None:
                continue
            middle = transform.map(QPointF(index % self.size + 0.5, index // self.size + 0.5))
            painter.setPen(cell.colour)
            two_lines = bool(cell.detail) and not compact
            top = middle.y() - (self.line + self.detail_line) / 2 if two_lines else None
            box = QRectF(middle.x() - 150, middle.y() - self.line / 2, 300, self.line)
            if top is not None:
                box.moveTop(top)
            painter.setFont(self.value_font if cell.detail else self.zero_font)
            painter.drawText(box, int(centre), cell.value)
            if two_lines:
                painter.setFont(self.detail_font)
                under = QRectF(box.left(), box.bottom(), 300, self.detail_line)
                painter.drawText(under, int(centre), cell.detail)


class MatrixChart(ChartView):
    """The conflict matrix of one map; `set_measure` switches count and total severity."""

    pair_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: MatrixData | None = None
        self.measure = COUNT
        self.addItem(self.title, row=0, col=0)
        self.plot = self.addPlot(row=1, col=0)
        self.addItem(self.footnote, row=2, col=0)
        prepare_plot(self.plot)
        self.plot.invertY(True)
        self.plot.showAxis("top")
        self.plot.hideAxis("bottom")
        for name in ("left", "top"):
            self.plot.getAxis(name).setStyle(tickLength=0)
        line = QPen(CELL_LINE, 1.5)
        line.setCosmetic(True)
        self.cells = pg.BarGraphItem(x0=[], y0=[], width=1.0, height=1.0, pen=line, brushes=[])
        self.plot.addItem(self.cells)
        self.texts = CellTexts()
        self.texts.setZValue(10)
        self.plot.addItem(self.texts)
        self.empty = pg.TextItem(anchor=(0.5, 0.5), color=MUTED)
        self.empty.setFont(scene_font(LABEL_PX + 2))
        self.plot.addItem(self.empty)
        self._actors: tuple[str, ...] | None = None
        self.scene().sigMouseClicked.connect(self._on_scene_mouse_clicked)

    def set_measure(self, measure: str) -> None:
        if measure != self.measure:
            self.measure = measure
            if self.data is not None:
                self.set_data(self.data)

    def set_data(self, data: MatrixData) -> None:
        """Show `data`: the cells' colours and texts change in place."""
        self.data = data
        what = tr("number of conflicts") if self.measure == COUNT else tr("total severity")
        self.title.set_text(tr("Conflicts between actors ({0}): {1}").format(what, data.map_name))
        size = len(data.actors)
        self._show_actors(data.actors)
        values = data.values(self.measure)
        # The scale reaches its darkest at a few conflicts (or one of the worst kind),
        # so a single mild conflict never looks like a hotspot.
        highest = max(data.highest(self.measure), SCALE_FLOOR[self.measure])
        x0, y0, brushes, texts = [], [], [], []
        for row in range(size):
            for column in range(size):
                x0.append(column)
                y0.append(row)
                if row == column:
                    brushes.append(pg.mkBrush(DIAGONAL))
                    texts.append(None)
                    continue
                colour = cell_colour(values[row][column], highest)
                brushes.append(pg.mkBrush(colour))
                count, severity = data.counts[row][column], data.severity[row][column]
                texts.append(cell_text(count, severity, self.measure, colour))
        self.texts.set_cells(size, texts)
        self.cells.setOpts(x0=x0, y0=y0, width=1.0, height=1.0, brushes=brushes)
        self.empty.setText("" if data.total else tr("No conflicts between the actors of this map"))
        self.empty.setPos(size / 2, size / 2)
        notes = []
        if data.dismissed:
            notes.append(tr("Not counted: {0} marked 'not a conflict'.").format(data.dismissed))
        if not self.for_export:
            notes.append(tr("Click a cell to list its conflicts."))
        self.footnote.set_text(" ".join(notes))

    def _show_actors(self, actors: tuple[str, ...]) -> None:
        if actors == self._actors:
            return
        self._actors = actors
        size = len(actors)
        labels = [(i + 0.5, wrap_label(name, 16)) for i, name in enumerate(actors)]
        for name in ("left", "top"):
            axis = self.plot.getAxis(name)
            axis.setTicks([labels, []])
            style_axis(axis, [text for _, text in labels])
            axis.setStyle(tickLength=0)
        self.plot.setXRange(0, max(size, 1), padding=0)
        self.plot.setYRange(0, max(size, 1), padding=0)

    def cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """(row, column) of the cell under a scene point, or None."""
        if self.data is None or not self.plot.vb.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.plot.vb.mapSceneToView(scene_pos)
        row, column = int(point.y()), int(point.x())
        size = len(self.data.actors)
        if 0 <= row < size and 0 <= column < size and point.x() >= 0 and point.y() >= 0:
            return row, column
        return None

    def cell_centre(self, row: int, column: int) -> QPointF:
        """The scene point at the middle of a cell (for tests and keyboard users)."""
        return self.plot.vb.mapViewToScene(QPointF(column + 0.5, row + 0.5))

    def choose_cell(self, row: int, column: int) -> None:
        """What clicking the cell does: a pair off the diagonal is chosen."""
        if self.data is not None and row != column:
            self.pair_chosen.emit(self.data.actors[row], self.data.actors[column])

    def _on_scene_mouse_clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cell = self.cell_at(event.scenePos())
        if cell is not None:
            self.choose_cell(*cell)

    def plot_rect(self) -> QRectF:
        return self.plot.vb.sceneBoundingRect()

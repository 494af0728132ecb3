"""Export a chart (emotion curves, conflict matrix, conflicts by dimension) as PNG, SVG, PDF.

The chart is the same widget class as in the dock, filled from a fresh analysis of the
workshop, laid out offscreen at the size asked for, and painted with a QPainter
(pyqtgraph 0.14's own SVG exporter is broken with PySide6 6.11):

- PNG: `width` x `height` pixels, white, tagged 96 dpi.
- SVG: `viewBox="0 0 width height"`, 96 dpi, real `<text>` in the shipped font.
- PDF: one page the chart's size (96 chart pixels to the inch), vector, selectable text.

The file is written to a temporary file in the same folder and renamed over the target;
problems raise `WorkshopError` with a plain message, and the target is then as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from app.atomic import replace_file
from app.document import Document
from app.errors import WorkshopError
from app.live_analysis import analyse
from app.model import Workshop
from widgets.charts import CHART_KINDS
from widgets.charts.data import MEASURES
from widgets.export import FORMATS, ExportInfo
from widgets.theme import FONT_FAMILY, load_fonts

SCREEN_DPI = 96
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1280, 720  # a 16:9 slide
MIN_SIDE, MAX_SIDE = 320, 8000
SVG_FONT = f'font-family="{FONT_FAMILY}"'.encode()
SVG_FONT_WITH_FALLBACK = f'font-family="{FONT_FAMILY}, sans-serif"'.encode()


def _tr(text: str) -> str:
    return QCoreApplication.translate("export", text)


def make_chart(kind: str, workshop: Workshop, map_id: str, measure: str):  # -> ChartView
    """A chart of `kind` showing map `map_id` of `workshop`, analysed now."""
    from widgets.charts import data

    result = analyse(workshop, map_id, 0)
    if kind == "emotion":
        from widgets.charts.emotion import EmotionChart

        chart = EmotionChart()
        chart.set_for_export(True)
        chart.set_data(data.emotion_data(result, workshop))
    elif kind == "matrix":
        from widgets.charts.matrix import MatrixChart

        chart = MatrixChart()
        chart.set_for_export(True)
        chart.set_measure(measure)
        chart.set_data(data.matrix_data(result, workshop))
    else:
        from widgets.charts.dimensions import DimensionsChart

        chart = DimensionsChart()
        chart.set_for_export(True)
        chart.set_measure(measure)
        chart.set_data(data.dimension_data(result, workshop))
    return chart


def export_chart(
    document_or_workshop: Document | Workshop,
    map_id: str,
    kind: str,
    path: str | os.PathLike[str],
    *,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    measure: str = "count",
) -> ExportInfo:
    """Write the `kind` chart ("emotion", "matrix" or "dimensions") of map `map_id` to
    `path` as PNG, SVG or PDF, chosen by the file's suffix; `measure` ("count" or
    "severity") is what the matrix colours and the bars show."""
    path = Path(path)
    workshop = (
        document_or_workshop.workshop
        if isinstance(document_or_workshop, Document)
        else document_or_workshop
    )
    file_format = FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise WorkshopError(
            _tr(
                "{path}: cannot export as '{suffix}'; choose a name ending in .png, .svg or .pdf"
            ).format(path=path, suffix=path.suffix or _tr("no extension"))
        )
    if kind not in CHART_KINDS:
        raise WorkshopError(
            _tr("unknown chart '{kind}'; choose emotion, matrix or dimensions").format(kind=kind)
        )
    if measure not in MEASURES:
        raise WorkshopError(
            _tr("unknown measure '{measure}'; choose count or severity").format(measure=measure)
        )
    for side in (width, height):
        if not isinstance(side, int) or not MIN_SIDE <= side <= MAX_SIDE:
            raise WorkshopError(
                _tr("{path}: width and height must be from {low} to {high} pixels").format(
                    path=path, low=MIN_SIDE, high=MAX_SIDE
                )
            )
    if workshop.map(map_id) is None:
        raise WorkshopError(_tr("{path}: there is no map to chart").format(path=path))
    if path.is_dir():
        raise WorkshopError(_tr("{path}: could not export: it is a folder").format(path=path))
    if not path.absolute().parent.is_dir():
        raise WorkshopError(
            _tr("{path}: could not export: the folder does not exist").format(path=path)
        )
    load_fonts()
    chart = make_chart(kind, workshop, map_id, measure)
    try:
        size = QSizeF(width, height)
        title = chart.title.text
        if file_format == "PNG":
            data = _png_bytes(chart, size, path)
        elif file_format == "SVG":
            data = _svg_bytes(chart, size, title)
        else:
            data = _pdf_bytes(chart, size, title)
    finally:
        chart.close()
        chart.deleteLater()
    replace_file(path, data, failure="could not export")
    pages = 1 if file_format == "PDF" else 0
    return ExportInfo(path, file_format, width, height, pages)


def _png_bytes(chart, size: QSizeF, path: Path) -> bytes:
    image = QImage(size.toSize(), QImage.Format.Format_RGB32)
    if image.isNull():
        raise WorkshopError(_tr("{path}: could not export: not enough memory").format(path=path))
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    try:
        chart.render_chart(painter, QRectF(0, 0, size.width(), size.height()), size)
    finally:
        painter.end()
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    dots_per_metre = round(SCREEN_DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise WorkshopError(_tr("{path}: could not export: PNG encoding failed").format(path=path))
    return bytes(buffer.data().data())


def _svg_bytes(chart, size: QSizeF, title: str) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(SCREEN_DPI)
    generator.setSize(size.toSize())
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    generator.setDescription(_tr("Chart exported from Journey Workshop"))
    painter = QPainter(generator)
    try:
        chart.render_chart(painter, QRectF(0, 0, size.width(), size.height()), size)
    finally:
        painter.end()
    # The chart asks for the shipped font by name; a generic fallback keeps it readable
    # where Noto Sans is not installed.
    return bytes(buffer.data().data()).replace(SVG_FONT, SVG_FONT_WITH_FALLBACK)


def _pdf_bytes(chart, size: QSizeF, title: str) -> bytes:
    """One page the chart's size. The writer works at 96 dpi so that pyqtgraph's cosmetic
    pens (widths in device pixels) come out as wide as on screen."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(SCREEN_DPI)
    writer.setTitle(title)
    writer.setCreator("Journey Workshop")
    points = QSizeF(size.width() * 72 / SCREEN_DPI, size.height() * 72 / SCREEN_DPI)
    page = QPageSize(points, QPageSize.Unit.Point, "Chart", QPageSize.SizeMatchPolicy.ExactMatch)
    writer.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF()))
    painter = QPainter(writer)
    try:
        chart.render_chart(painter, QRectF(0, 0, size.width(), size.height()), size)
    finally:
        painter.end()
    return bytes(buffer.data().data())

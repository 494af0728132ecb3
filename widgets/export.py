"""Export one map as PNG, SVG or PDF for presentations, drawn by the canvas's own items.

Every export builds a fresh `MapScene` on its own `Document`, so it never shows the
editor's selection, and renders the map's rectangle plus `EXPORT_MARGIN` on every side.
The rectangle is whole pixels, widened to a multiple of four so that a PDF page (in
points, 72 per inch against the canvas's 96) comes out exactly the map's size:

- PNG: `ceil(width x scale)` by `ceil(height x scale)` pixels (see `png_size`), scale
  1-4, white or transparent, tagged `96 x scale` dpi.
- SVG: `viewBox="0 0 width height"` in canvas pixels, real `<text>` in the shipped font.
- PDF: vector with real, selectable text; one page the map's size, or the map fitted
  and centred on a landscape A4 or Letter page (`page="A4"` or `"Letter"`).

The file is written to a temporary file in the same folder and renamed over the target,
so a failed export never leaves a half-written file; problems raise `WorkshopError`.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from app.analysis import conflict_counts_by_step, find_conflicts
from app.atomic import replace_file
from app.document import Document
from app.errors import WorkshopError
from app.model import Workshop
from widgets.canvas.scene import MapScene
from widgets.theme import FONT_FAMILY, STANDARD, Theme, load_fonts

FORMATS = {".png": "PNG", ".svg": "SVG", ".pdf": "PDF"}
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
MIN_SCALE, MAX_SCALE = 1.0, 4.0
SCREEN_DPI = 96  # one canvas unit is one pixel at 96 dpi
# The PDF is drawn in 1/1200 inch units: 12.5 per canvas pixel, so a map shrunk onto an
# A4 page still counts as zoomed in for the cards, which draw their text only from 0.3.
PDF_DPI = 1200
EXPORT_MARGIN = 16.0  # canvas pixels of background around the map
PAGE_MARGIN_MM = 10.0  # around the map on an A4 or Letter page
# Bigger PNGs take over 1 GiB of memory to draw (4 bytes a pixel) and most viewers
# refuse them; SVG and PDF have no such limit.
MAX_PNG_PIXELS = 1 << 28
# Qt's PNG "quality": 80 is zlib's fast level, about twice as fast as the default on
# big maps for files 10-20 % larger (flat colours compress well at any level).
PNG_QUALITY = 80
WHITE = QColor("#FFFFFF")
SVG_FONT = f'font-family="{FONT_FAMILY}"'.encode()
SVG_FONT_WITH_FALLBACK = f'font-family="{FONT_FAMILY}, sans-serif"'.encode()


def _tr(text: str) -> str:
    return QCoreApplication.translate("export", text)


@dataclass(frozen=True)
class ExportInfo:
    """What an export wrote: the file, its format, its size in pixels and pages."""

    path: Path
    format: str  # "PNG", "SVG" or "PDF"
    width: int  # pixels: of the image (PNG) or of the map at 100 % (SVG, PDF)
    height: int
    pages: int = 0  # PDF only
    page: str = ""  # PDF only: "A4", "Letter" or "" for a page the map's size

    def describe(self) -> str:
        """The size in plain words, for the command line and the status bar."""
        if self.format == "PNG":
            return _tr("{width} × {height} px PNG").format(width=self.width, height=self.height)
        if self.format == "SVG":
            return _tr("{width} × {height} px SVG").format(width=self.width, height=self.height)
        if self.page:
            return _tr("{pages} page PDF, {page} landscape").format(
                pages=self.pages, page=self.page
            )
        return _tr("{pages} page PDF, {width} × {height} px ({mm_w} × {mm_h} mm)").format(
            pages=self.pages,
            width=self.width,
            height=self.height,
            mm_w=round(self.width / SCREEN_DPI * 25.4),
            mm_h=round(self.height / SCREEN_DPI * 25.4),
        )


def build_export_scene(
    document_or_workshop: Document | Workshop,
    map_id: str,
    *,
    theme: Theme = STANDARD,
    transparent: bool = False,
) -> MapScene:
    """A fresh scene of one map for exporting: conflict badges on, nothing selected,
    no item caching (a cached card would go into SVG or PDF as a picture)."""
    workshop = (
        document_or_workshop.workshop
        if isinstance(document_or_workshop, Document)
        else document_or_workshop
    )
    if workshop.map(map_id) is None:
        names = ", ".join(f"'{m.name}'" for m in workshop.maps) or _tr("none")
        raise WorkshopError(
            _tr("there is no map '{map}' in this workshop; its maps: {names}").format(
                map=map_id, names=names
            )
        )
    if QGuiApplication.instance() is None:
        raise RuntimeError("export_map needs a QApplication (widgets.application)")
    load_fonts()
    scene = MapScene(Document(workshop), map_id, theme)
    scene.set_conflict_counts(conflict_counts_by_step(find_conflicts(workshop, map_id)))
    scene.clearSelection()
    for item in scene.items():
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    scene.setBackgroundBrush(Qt.BrushStyle.NoBrush if transparent else WHITE)
    return scene


def export_rect(scene: MapScene) -> QRectF:
    """The part of the scene an export shows: the map and a margin, in whole pixels,
    widened evenly to a multiple of four pixels each way (whole points on a PDF page)."""
    rect = scene.map_rect().adjusted(-EXPORT_MARGIN, -EXPORT_MARGIN, EXPORT_MARGIN, EXPORT_MARGIN)
    aligned = rect.toAlignedRect()
    extra_w, extra_h = -aligned.width() % 4, -aligned.height() % 4
    return QRectF(aligned).adjusted(
        -(extra_w // 2), -(extra_h // 2), extra_w - extra_w // 2, extra_h - extra_h // 2
    )


def png_size(rect: QRectF, scale: float) -> QSize:
    """The pixel size of a PNG export of `rect`: each side times `scale`, rounded up."""
    return QSize(math.ceil(rect.width() * scale - 1e-9), math.ceil(rect.height() * scale - 1e-9))


def export_map(
    document_or_workshop: Document | Workshop,
    map_id: str,
    path: str | os.PathLike[str],
    *,
    scale: float = 1.0,
    transparent: bool = False,
    page: str | None = None,
    theme: Theme = STANDARD,
) -> ExportInfo:
    """Write map `map_id` to `path` as PNG, SVG or PDF, chosen by the file's suffix.

    `scale` (1-4) and `transparent` are for PNG (a transparent SVG or PDF simply has no
    background); `page` ("A4" or "Letter") is for PDF. Raises WorkshopError naming the
    file and the reason when the options or the file are wrong; the file is then as it was.
    """
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise WorkshopError(
            _tr(
                "{path}: cannot export as '{suffix}'; choose a name ending in .png, .svg or .pdf"
            ).format(path=path, suffix=path.suffix or _tr("no extension"))
        )
    if not isinstance(scale, int | float) or not MIN_SCALE <= scale <= MAX_SCALE:
        raise WorkshopError(
            _tr("{path}: the scale must be from 1 to 4, not {scale}").format(
                path=path, scale=f"{scale:g}" if isinstance(scale, int | float) else scale
            )
        )
    page_name = _page_name(path, page, kind)
    if path.is_dir():
        raise WorkshopError(_tr("{path}: could not export: it is a folder").format(path=path))
    if not path.absolute().parent.is_dir():
        raise WorkshopError(
            _tr("{path}: could not export: the folder does not exist").format(path=path)
        )

    scene = build_export_scene(document_or_workshop, map_id, theme=theme, transparent=transparent)
    try:
        rect = export_rect(scene)
        title = _title(scene)
        if kind == "PNG":
            size = png_size(rect, scale)
            data = _png_bytes(scene, rect, size, scale, transparent, path)
            info = ExportInfo(path, kind, size.width(), size.height())
        elif kind == "SVG":
            data = _svg_bytes(scene, rect, title)
            info = ExportInfo(path, kind, round(rect.width()), round(rect.height()))
        else:
            data = _pdf_bytes(scene, rect, page_name, title)
            info = ExportInfo(
                path, kind, round(rect.width()), round(rect.height()), 1, page_name or ""
            )
    finally:
        scene.clear()  # free the cards now, not when the garbage collector gets to them
    replace_file(path, data, failure="could not export")
    return info


def _page_name(path: Path, page: str | None, kind: str) -> str | None:
    if page is None or page == "":
        return None
    names = {name.casefold(): name for name in PAGE_SIZES}
    name = names.get(page.casefold())
    if name is None:
        raise WorkshopError(
            _tr("{path}: unknown page size '{page}'; use A4 or Letter").format(path=path, page=page)
        )
    if kind != "PDF":
        raise WorkshopError(_tr("{path}: a page size is for PDF exports only").format(path=path))
    return name


def _title(scene: MapScene) -> str:
    workshop = scene.document.workshop
    journey_map = workshop.map(scene.map_id or "")
    name = journey_map.name if journey_map is not None else ""
    return f"{workshop.info.title} — {name}" if workshop.info.title else name


def _render(scene: MapScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


def _png_bytes(
    scene: MapScene, rect: QRectF, size: QSize, scale: float, transparent: bool, path: Path
) -> bytes:
    if size.width() * size.height() > MAX_PNG_PIXELS:
        raise WorkshopError(
            _tr(
                "{path}: could not export: {width} × {height} pixels is too big for a picture; "
                "choose a smaller scale, or export as SVG or PDF"
            ).format(path=path, width=size.width(), height=size.height())
        )
    # QPainter draws fastest into (premultiplied) 32-bit pixels; the PNG encoder is
    # fastest on straight 24-bit RGB or 32-bit ARGB, and an opaque map needs no alpha.
    if transparent:
        painted, saved = QImage.Format.Format_ARGB32_Premultiplied, QImage.Format.Format_ARGB32
    else:
        painted, saved = QImage.Format.Format_RGB32, QImage.Format.Format_RGB888
    image = QImage(size, painted)
    if image.isNull():
        raise WorkshopError(
            _tr("{path}: could not export: not enough memory for {width} × {height} pixels").format(
                path=path, width=size.width(), height=size.height()
            )
        )
    image.fill(Qt.GlobalColor.transparent if transparent else WHITE)
    painter = QPainter(image)
    try:
        _render(scene, painter, QRectF(0, 0, rect.width() * scale, rect.height() * scale), rect)
    finally:
        painter.end()
    image = image.convertToFormat(saved)
    dots_per_metre = round(SCREEN_DPI * scale / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG", PNG_QUALITY):
        raise WorkshopError(_tr("{path}: could not export: PNG encoding failed").format(path=path))
    return bytes(buffer.data().data())


def _svg_bytes(scene: MapScene, rect: QRectF, title: str) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(SCREEN_DPI)
    generator.setSize(rect.size().toSize())
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    generator.setTitle(title)
    generator.setDescription(_tr("Journey map exported from Journey Workshop"))
    painter = QPainter(generator)
    try:
        _render(scene, painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    finally:
        painter.end()
    # QSvgGenerator writes the family asked for; the cards ask for the shipped font by
    # name. A generic fallback keeps the map readable where Noto Sans is not installed.
    return bytes(buffer.data().data()).replace(SVG_FONT, SVG_FONT_WITH_FALLBACK)


def _pdf_bytes(scene: MapScene, rect: QRectF, page: str | None, title: str) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setTitle(title)
    writer.setCreator("Journey Workshop")
    if page is None:
        points = QSizeF(rect.width() * 72 / SCREEN_DPI, rect.height() * 72 / SCREEN_DPI)
        size = QPageSize(points, QPageSize.Unit.Point, "Map", QPageSize.SizeMatchPolicy.ExactMatch)
        layout = QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF())
    else:
        margin = PAGE_MARGIN_MM
        layout = QPageLayout(
            QPageSize(PAGE_SIZES[page]),
            QPageLayout.Orientation.Landscape,
            QMarginsF(margin, margin, margin, margin),
            QPageLayout.Unit.Millimeter,
        )
    writer.setPageLayout(layout)
    area = writer.pageLayout().paintRect(QPageLayout.Unit.Point)  # inside the margins
    width, height = area.width() * PDF_DPI / 72, area.height() * PDF_DPI / 72
    fit = min(width / rect.width(), height / rect.height())
    target = QRectF(
        (width - rect.width() * fit) / 2,
        (height - rect.height() * fit) / 2,
        rect.width() * fit,
        rect.height() * fit,
    )
    painter = QPainter(writer)
    try:
        _render(scene, painter, target, rect)
    finally:
        painter.end()
    return bytes(buffer.data().data())

"""The overview: the whole map small, with a frame showing what the main view shows.

Click or drag in it to move the main view there.

The overview repaints what changed inside the map (a card's words, a conflict badge) in a
turn of its own, up to a tenth of a second after the map view: with 2,000 cards its
repaint takes 1.5-4 ms, which otherwise came on top of the turn of the edit or of the
analysis result that changed the cards. At this size nobody sees the difference.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen, QRegion, QResizeEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from widgets.canvas.scene import MapScene
from widgets.canvas.view import MapView

REPAINT_MS = 100  # what changed inside the map is repainted this long after, at most
MANY_RECTS = 32  # more changed places than this are repainted as one rectangle


class Minimap(QGraphicsView):
    """A small, read-only second view of the same scene."""

    def __init__(self, scene: MapScene, main_view: MapView, parent: QWidget | None = None):
        super().__init__(scene, parent)
        self.main_view = main_view
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setRenderHints(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(160, 100)
        self.setAccessibleName(self.tr("Map overview"))
        self.setToolTip(self.tr("Click or drag to move the map view"))
        self._fitted: tuple[QRectF, QSize] | None = None  # the map rect and size fitted
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(100)
        self._refit.timeout.connect(self.fit_map)
        for bar in (main_view.horizontalScrollBar(), main_view.verticalScrollBar()):
            bar.valueChanged.connect(self.viewport().update)
        main_view.zoom_changed.connect(self.viewport().update)
        # Changes inside the map: the view does not repaint them as they come (see the
        # module docstring); `changed` tells where they were, `_repaint_changes` repaints.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.NoViewportUpdate)
        self._changed: list[QRectF] = []  # scene rectangles not repainted yet
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(REPAINT_MS)
        self._repaint.timeout.connect(self._repaint_changes)
        self._follow(scene)

    def sizeHint(self) -> QSize:
        return QSize(260, 170)

    def set_scene(self, scene: MapScene) -> None:
        old = self.scene()
        if isinstance(old, MapScene):
            old.extent_changed.disconnect(self._refit.start)
            old.changed.disconnect(self._on_scene_changed)
        self.setScene(scene)
        self._follow(scene)
        self._fitted = None
        self.fit_map()

    def _follow(self, scene: MapScene) -> None:
        scene.extent_changed.connect(self._refit.start)
        scene.changed.connect(self._on_scene_changed)

    def _on_scene_changed(self, rects: list[QRectF]) -> None:
        self._changed += rects
        if not self._repaint.isActive():  # not restarted: a long drag is shown as it goes
            self._repaint.start()

    def _repaint_changes(self) -> None:
        """Repaint where the scene changed since the last time."""
        rects, self._changed = self._changed, []
        if len(rects) > MANY_RECTS:
            united = QRectF()
            for rect in rects:
                united = united.united(rect)
            rects = [united]
        transform = self.viewportTransform()
        region = QRegion()
        for rect in rects:  # in pixels, and a little more for antialiased edges
            region += transform.mapRect(rect).toAlignedRect().adjusted(-2, -2, 2, 2)
        self.viewport().update(region)

    def fit_map(self) -> None:
        """Show the whole map (the scene keeps its extent: asking costs nothing). When a
        move left the extent as it was, the view has repainted what changed by itself,
        and a repaint of every card (~35 ms with 2,000) is not needed."""
        scene = self.scene()
        if isinstance(scene, MapScene):
            rect = scene.map_rect()
            fitted = (rect, self.viewport().size())
            if fitted == self._fitted:
                return
            self._fitted = fitted
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_map()

    def visible_rect(self) -> QRectF:
        """The part of the scene the main view shows."""
        return self.main_view.mapToScene(self.main_view.viewport().rect()).boundingRect()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        frame = self.visible_rect()
        painter.setPen(QPen(QColor("#0B5CD5"), 3 / max(self.transform().m11(), 1e-6)))
        painter.setBrush(QColor(11, 92, 213, 40))
        painter.drawRect(frame)

    def _centre_main_view(self, point: QPointF) -> None:
        self.main_view.centerOn(self.mapToScene(point.toPoint()))
        self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._centre_main_view(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._centre_main_view(event.position())

"""The main window: the map canvas in the middle, a map switcher, zoom and file opening."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QMessageBox, QToolBar

from app.document import Document
from app.errors import WorkshopError
from widgets.canvas.scene import MapScene
from widgets.canvas.view import MapView


def read_workshop_file(path: Path):  # -> Workshop
    """A workshop from a `.journey` file, or imported from a cards `.csv`."""
    if path.suffix.lower() == ".csv":
        from app.cards import read_cards

        workshop, _warnings = read_cards(path)
        return workshop
    from app.store import load_workshop

    return load_workshop(path)


class MainWindow(QMainWindow):
    """One window per open workshop."""

    def __init__(self, document: Document | None = None, interactive: bool = True) -> None:
        super().__init__()
        self.interactive = interactive
        self.document = document or Document()
        self.scene = MapScene(self.document)
        self.view = MapView(self.scene)
        self.setCentralWidget(self.view)
        self.map_combo = QComboBox()
        self.map_combo.setAccessibleName(self.tr("Journey map"))
        self.map_combo.currentIndexChanged.connect(self._on_map_combo_current_index_changed)
        self.zoom_label = QLabel()
        self.view.zoom_changed.connect(self._on_view_zoom_changed)
        self._build_toolbar()
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.resize(1500, 920)
        self._on_document_replaced()

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Map"))
        toolbar.setObjectName("map_toolbar")
        toolbar.addWidget(QLabel(self.tr("Map: ")))
        toolbar.addWidget(self.map_combo)
        fit = QAction(self.tr("Zoom to &Fit"), self)
        fit.setShortcut(QKeySequence("Ctrl+0"))
        fit.triggered.connect(self.view.zoom_to_fit)
        zoom_in = QAction(self.tr("Zoom &In"), self)
        zoom_in.setShortcut(QKeySequence.StandardKey.ZoomIn)
        zoom_in.triggered.connect(self.view.zoom_in)
        zoom_out = QAction(self.tr("Zoom &Out"), self)
        zoom_out.setShortcut(QKeySequence.StandardKey.ZoomOut)
        zoom_out.triggered.connect(self.view.zoom_out)
        for action in (fit, zoom_in, zoom_out):
            toolbar.addAction(action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

    def open_path(self, path: Path) -> bool:
        """Show the workshop in `path`; on a bad file say why and keep what is shown."""
        try:
            workshop = read_workshop_file(path)
        except WorkshopError as error:
            self.show_error(self.tr("Could not open the workshop"), str(error))
            return False
        self.document = Document(workshop, path if path.suffix.lower() != ".csv" else None)
        self.scene = MapScene(self.document)
        self.view.setScene(self.scene)
        self._on_document_replaced()
        return True

    def show_error(self, title: str, message: str) -> None:
        if self.interactive:
            QMessageBox.critical(self, title, message)
        else:
            print(message, file=sys.stderr)

    def _on_document_replaced(self) -> None:
        self.map_combo.blockSignals(True)
        self.map_combo.clear()
        for journey_map in self.document.workshop.maps:
            self.map_combo.addItem(journey_map.name, journey_map.id)
        self.map_combo.blockSignals(False)
        title = self.document.workshop.info.title or self.tr("Untitled workshop")
        name = self.document.path.name if self.document.path else title
        self.setWindowTitle(f"{name} – Journey Workshop")
        self.view.zoom_to_fit()
        self._on_view_zoom_changed(self.view.zoom())

    def _on_map_combo_current_index_changed(self, index: int) -> None:
        map_id = self.map_combo.itemData(index)
        if map_id:
            self.scene.show_map(map_id)
            self.view.zoom_to_fit()

    def _on_view_zoom_changed(self, factor: float) -> None:
        self.zoom_label.setText(self.tr("Zoom {0} %").format(round(factor * 100)))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.view.zoom_to_fit()

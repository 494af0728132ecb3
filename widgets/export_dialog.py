"""File > Export: choose a map, a format and its options, then where to save it."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.errors import WorkshopError
from widgets.export import MAX_SCALE, MIN_SCALE, export_map

FORMAT_SUFFIXES = {"PNG": ".png", "SVG": ".svg", "PDF": ".pdf"}


def safe_file_stem(name: str) -> str:
    """A map name made usable as a file name on every system (`As is: visit` -> `As is - visit`)."""
    stem = re.sub(r'\s*[\\/:*?"<>|]+\s*', " - ", name).strip(" .-")
    return stem or "map"


class ExportDialog(QDialog):
    """Export options for one map; the Export button asks for a file and writes it.

    After `exec()` returns Accepted, `exported_path` is the file written.
    """

    def __init__(self, parent: QWidget | None, document: Document, map_id: str | None) -> None:
        super().__init__(parent)
        self.document = document
        self.exported_path: Path | None = None
        self.setWindowTitle(self.tr("Export Map"))

        self.map_box = QComboBox()
        for journey_map in document.workshop.maps:
            self.map_box.addItem(journey_map.name, journey_map.id)
        index = self.map_box.findData(map_id)
        self.map_box.setCurrentIndex(max(index, 0))

        self.format_box = QComboBox()
        self.format_box.addItem(self.tr("PNG picture (for slides)"), "PNG")
        self.format_box.addItem(self.tr("SVG drawing (scales without blur)"), "SVG")
        self.format_box.addItem(self.tr("PDF document (to print or share)"), "PDF")

        self.scale_box = QSpinBox()
        self.scale_box.setRange(int(MIN_SCALE), int(MAX_SCALE))
        self.scale_box.setSuffix(self.tr(" ×"))
        self.scale_box.setToolTip(self.tr("2 × or more stays sharp on big projector screens"))

        self.transparent_box = QCheckBox(self.tr("&Transparent background"))

        self.page_box = QComboBox()
        self.page_box.addItem(self.tr("The map's own size"), None)
        self.page_box.addItem(self.tr("A4, landscape"), "A4")
        self.page_box.addItem(self.tr("Letter, landscape"), "Letter")

        form = QFormLayout()
        form.addRow(self.tr("&Map:"), self.map_box)
        form.addRow(self.tr("&Format:"), self.format_box)
        form.addRow(self.tr("&Scale (PNG):"), self.scale_box)
        form.addRow("", self.transparent_box)
        form.addRow(self.tr("&Page (PDF):"), self.page_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            self.tr("&Export…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.export_button.setEnabled(self.map_box.count() > 0)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.format_box.currentIndexChanged.connect(self._on_format_box_current_index_changed)
        self._on_format_box_current_index_changed()

    def chosen_format(self) -> str:
        return self.format_box.currentData()

    def chosen_map(self) -> str | None:
        return self.map_box.currentData()

    def _on_format_box_current_index_changed(self, _index: int = 0) -> None:
        kind = self.chosen_format()
        self.scale_box.setEnabled(kind == "PNG")
        self.transparent_box.setEnabled(kind == "PNG")
        self.page_box.setEnabled(kind == "PDF")

    def suggested_path(self) -> Path:
        """Where the file dialog starts: the map's name, next to the workshop file."""
        folder = self.document.path.parent if self.document.path is not None else Path.home()
        name = safe_file_stem(self.map_box.currentText())
        return folder / (name + FORMAT_SUFFIXES[self.chosen_format()])

    def choose_path(self) -> Path | None:
        """Ask where to save; None when the user cancels."""
        suffix = FORMAT_SUFFIXES[self.chosen_format()]
        filters = {
            "PNG": self.tr("PNG pictures (*.png)"),
            "SVG": self.tr("SVG drawings (*.svg)"),
            "PDF": self.tr("PDF documents (*.pdf)"),
        }
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export Map As"),
            str(self.suggested_path()),
            filters[self.chosen_format()],
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def export_to(self, path: Path) -> bool:
        """Export the chosen map to `path` with the chosen options; say why if it fails."""
        map_id = self.chosen_map()
        if map_id is None:
            return False
        kind = self.chosen_format()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            export_map(
                self.document,
                map_id,
                path,
                scale=float(self.scale_box.value()) if kind == "PNG" else 1.0,
                transparent=kind == "PNG" and self.transparent_box.isChecked(),
                page=self.page_box.currentData() if kind == "PDF" else None,
            )
        except WorkshopError as error:
            QApplication.restoreOverrideCursor()
            self.show_error(str(error))
            return False
        QApplication.restoreOverrideCursor()
        self.exported_path = path
        return True

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Could not export the map"), message)

    def _on_buttons_accepted(self) -> None:
        path = self.choose_path()
        if path is not None and self.export_to(path):
            self.accept()


def run_export_dialog(
    parent: QWidget | None, document: Document, map_id: str | None
) -> Path | None:
    """Show the export dialog for `map_id` (the one on screen); the file written, or None."""
    dialog = ExportDialog(parent, document, map_id)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.exported_path
        return None
    finally:
        dialog.deleteLater()

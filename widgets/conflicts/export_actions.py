"""Export the conflicts as CSV or Markdown from the window: ask for a file, save, say why not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.conflict_report import save_conflicts_csv, save_conflicts_markdown
from app.document import Document
from app.errors import WorkshopError
from app.model import Workshop

Saver = Callable[[Workshop, Path, str | None], int]


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConflictExport", text)


def suggested_path(document: Document, suffix: str) -> Path:
    """Where the file dialog starts: `NAME conflicts.csv` next to the workshop file."""
    if document.path is not None:
        return document.path.with_name(f"{document.path.stem} conflicts{suffix}")
    return Path.home() / f"conflicts{suffix}"


def export_conflicts_csv(
    parent: QWidget | None, document: Document, map_id: str | None = None
) -> Path | None:
    """Ask where to save the conflicts table as CSV (for Excel) and save it; the file
    written, or None when the user cancelled or it failed (after saying why)."""
    return _export(
        parent,
        document,
        map_id,
        save_conflicts_csv,
        _tr("Export Conflicts as CSV"),
        _tr("CSV spreadsheets (*.csv)"),
        ".csv",
    )


def export_conflicts_markdown(
    parent: QWidget | None, document: Document, map_id: str | None = None
) -> Path | None:
    """Ask where to save the conflicts report as Markdown (for the minutes) and save it;
    the file written, or None when the user cancelled or it failed (after saying why)."""
    return _export(
        parent,
        document,
        map_id,
        save_conflicts_markdown,
        _tr("Export Conflicts as Markdown"),
        _tr("Markdown documents (*.md)"),
        ".md",
    )


def _export(
    parent: QWidget | None,
    document: Document,
    map_id: str | None,
    save: Saver,
    title: str,
    file_filter: str,
    suffix: str,
) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(suggested_path(document, suffix)), file_filter
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    try:
        save(document.workshop, path, map_id)
    except WorkshopError as error:
        QMessageBox.warning(parent, _tr("Could not export the conflicts"), str(error))
        return None
    return path

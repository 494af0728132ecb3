"""The workshop's properties: title, date, facilitator, service, setting, engagement, notes."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.commands import SetInfo
from app.document import Document
from app.model import ENGAGEMENT_LEVELS, WorkshopInfo

ENGAGEMENT_HINTS = {
    "": "not set",
    "intrapersonal": "individual motivation (e.g. health literacy)",
    "interpersonal": "patient-clinician relationship (e.g. clear communication)",
    "organisational": "patient input in operations (e.g. service design)",
    "systemic": "policy and delivery across institutions (e.g. access and equity)",
}


class PropertiesDialog(QDialog):
    """Edits a copy of the workshop's properties; `info()` gives the result."""

    def __init__(self, parent: QWidget | None, info: WorkshopInfo) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Workshop properties"))
        self.setMinimumWidth(560)
        self.title = QLineEdit(info.title)
        self.facilitator = QLineEdit(info.facilitator)
        self.service = QLineEdit(info.service)
        self.setting = QLineEdit(info.setting)
        self.has_date = QCheckBox(self.tr("Set"))
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        parsed = QDate.fromString(info.date, Qt.DateFormat.ISODate)
        self.has_date.setChecked(parsed.isValid())
        self.date.setDate(parsed if parsed.isValid() else QDate.currentDate())
        self.date.setEnabled(parsed.isValid())
        self.has_date.toggled.connect(self.date.setEnabled)
        self.engagement = QComboBox()
        for level in ("", *ENGAGEMENT_LEVELS):
            label = f"{level or self.tr('(none)')}: {ENGAGEMENT_HINTS[level]}"
            self.engagement.addItem(label, level)
        self.engagement.setCurrentIndex(max(0, self.engagement.findData(info.engagement)))
        self.notes = QPlainTextEdit(info.notes)
        self.notes.setTabChangesFocus(True)
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.date, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("&Date:"), date_row)
        form.addRow(self.tr("&Facilitator:"), self.facilitator)
        form.addRow(self.tr("&Service:"), self.service)
        form.addRow(self.tr("Se&tting:"), self.setting)
        form.addRow(self.tr("&Engagement:"), self.engagement)
        form.addRow(self.tr("&Notes:"), self.notes)
        form.addRow(buttons)
        self._original = info

    def info(self) -> WorkshopInfo:
        date = self.date.date().toString(Qt.DateFormat.ISODate) if self.has_date.isChecked() else ""
        return dataclasses.replace(
            self._original,
            title=self.title.text().strip(),
            date=date,
            facilitator=self.facilitator.text().strip(),
            service=self.service.text().strip(),
            setting=self.setting.text().strip(),
            engagement=self.engagement.currentData(),
            notes=self.notes.toPlainText().strip(),
        )


def edit_workshop_properties(parent: QWidget | None, document: Document) -> bool:
    """Show the dialog; an accepted change becomes one undoable edit."""
    dialog = PropertiesDialog(parent, document.workshop.info)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    info = dialog.info()
    if info == document.workshop.info:
        return False
    document.push(SetInfo(document, info, dialog.tr("Edit workshop properties")))
    return True

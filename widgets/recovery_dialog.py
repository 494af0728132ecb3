"""The start-up dialog that offers to restore unsaved work kept in recovery copies."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.recovery import Recovery

RESTORE = "restore"
DISCARD = "discard"
LATER = "later"

Choices = list[tuple[Recovery, str]]


class RecoveryDialog(QDialog):
    """One row per recovery copy: what it is, and Restore, Discard or Decide later.

    Damaged copies can only be discarded or kept for later. A copy whose file was saved
    again after it says so under its row. `choices()` gives what the user picked; Escape
    ("Decide later") keeps every copy for the next start.
    """

    def __init__(self, recoveries: list[Recovery], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recoveries = list(recoveries)
        # Replaced in tests: (question) -> True to go ahead.
        self.confirm: Callable[[str], bool] = self._confirm
        self.setWindowTitle(self.tr("Restore unsaved work"))
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("<b>Journey Workshop was not closed properly.</b>"))
        layout.addWidget(heading)
        intro = QLabel(
            self.tr(
                "Unsaved changes were kept for the workshops below. Restore them to carry on "
                "where you left off: they open as unsaved work, and your files are not "
                "changed until you save."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        rows = QWidget()
        grid = QGridLayout(rows)
        grid.setColumnStretch(0, 1)
        self.combos: list[QComboBox] = []
        row = 0
        for recovery in self.recoveries:
            label = QLabel(recovery.describe())
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            combo = QComboBox()
            if recovery.problem is None:
                combo.addItem(self.tr("Restore"), RESTORE)
            combo.addItem(self.tr("Decide later"), LATER)
            combo.addItem(self.tr("Discard"), DISCARD)
            combo.setAccessibleName(recovery.describe())
            label.setBuddy(combo)
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1, Qt.AlignmentFlag.AlignTop)
            self.combos.append(combo)
            row += 1
            note = self._note(recovery)
            if note:
                warning = QLabel(note)
                warning.setTextFormat(Qt.TextFormat.PlainText)
                warning.setWordWrap(True)
                warning.setIndent(16)
                warning.setStyleSheet("color: #9a3a00;")
                grid.addWidget(warning, row, 0, 1, 2)
                row += 1
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(rows)
        layout.addWidget(scroll, 1)

        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton(
            self.tr("Continue"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_all_button = buttons.addButton(
            self.tr("Restore all"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.discard_all_button = buttons.addButton(
            self.tr("Discard all…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.later_button = buttons.addButton(
            self.tr("Decide later"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.restore_all_button.setEnabled(any(r.problem is None for r in self.recoveries))
        assert isinstance(self.continue_button, QPushButton)
        self.continue_button.setDefault(True)
        self.restore_all_button.clicked.connect(self.restore_all)
        self.discard_all_button.clicked.connect(self.discard_all)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, min(520, 220 + 60 * row))
        if self.combos:
            self.combos[0].setFocus()

    def _note(self, recovery: Recovery) -> str:
        if recovery.problem is not None:
            return self.tr("This copy can only be discarded or kept for later.")
        if recovery.original_saved_later:
            return self.tr(
                "Careful: {0} was saved again after these changes were kept. Restoring opens "
                "the older changes; saving them would replace the newer file (Save As keeps "
                "both)."
            ).format(recovery.original.name if recovery.original else "")
        return ""

    def choices(self) -> Choices:
        """What to do with each copy: RESTORE, DISCARD or LATER."""
        if self.result() != QDialog.DialogCode.Accepted:
            return [(recovery, LATER) for recovery in self.recoveries]
        return [
            (recovery, combo.currentData())
            for recovery, combo in zip(self.recoveries, self.combos, strict=True)
        ]

    def set_all(self, choice: str) -> None:
        """Pick `choice` for every copy that offers it."""
        for combo in self.combos:
            index = combo.findData(choice)
            if index >= 0:
                combo.setCurrentIndex(index)

    def restore_all(self) -> None:
        self.set_all(RESTORE)
        self.accept()

    def discard_all(self) -> None:
        question = self.tr(
            "Discard all {0} recovery copies? The unsaved changes in them will be lost."
        ).format(len(self.recoveries))
        if self.confirm(question):
            self.set_all(DISCARD)
            self.accept()

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Discard unsaved work"),
            question,
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard


def ask_recoveries(recoveries: list[Recovery], parent: QWidget | None = None) -> Choices:
    """Show the dialog and return what to do with each copy (all LATER if dismissed)."""
    dialog = RecoveryDialog(recoveries, parent)
    dialog.exec()
    return dialog.choices()

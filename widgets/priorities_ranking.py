"""The ranked priorities list of the priorities dock, and the row keys both its lists share."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.model import VOTING_GROUPS
from app.priorities import TOP_PRIORITIES, Priority, rank_priorities
from widgets.priorities_rows import TargetKey, group_title, short_title
from widgets.selection import Selection

KEY_ROLE = Qt.ItemDataRole.UserRole
ALL_GROUPS = "all"
# Ranking columns: place, what, then dots per group and in all.
RANK, PRIORITY = 0, 1
GROUP_COLUMNS = {group: 2 + i for i, group in enumerate(VOTING_GROUPS)}
ALL_COLUMN = 2 + len(VOTING_GROUPS)
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
TYPED = (*PLAIN, Qt.KeyboardModifier.ShiftModifier)  # "+" needs Shift on many keyboards
ADD_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Insert)
TAKE_KEYS = (Qt.Key.Key_Minus, Qt.Key.Key_Delete)
SHOW_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
GROUP_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3)


class RowKeys(QObject):
    """Keys on a list's focused row: + / Insert add a dot, − / Delete take one back, Enter
    shows the row on the map, 1-3 pick the voting group. The window's own shortcuts for
    these keys (Insert adds a step) give way while the list has focus.

    Signals:
        dots_requested(delta): +1 or -1 on the current row.
        show_requested(): Enter on the current row.
        group_requested(index): the voting group by its place in VOTING_GROUPS.
    """

    dots_requested = Signal(int)
    show_requested = Signal()
    group_requested = Signal(int)

    def __init__(self, tree: QAbstractItemView, voting: bool) -> None:
        super().__init__(tree)
        self.voting = voting
        tree.installEventFilter(self)

    def _meaning(self, event: QKeyEvent) -> tuple[str, int] | None:
        key, modifiers = event.key(), event.modifiers()
        if modifiers in PLAIN and key in SHOW_KEYS:
            return ("show", 0)
        if not self.voting:
            return None
        if modifiers in TYPED and key in ADD_KEYS:
            return ("dots", 1)
        if modifiers in PLAIN and key in TAKE_KEYS:
            return ("dots", -1)
        if modifiers in PLAIN and key in GROUP_KEYS:
            return ("group", GROUP_KEYS.index(key))
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        meaning = self._meaning(event)
        if meaning is None:
            return False
        event.accept()
        if kind == QEvent.Type.KeyPress:
            what, value = meaning
            if what == "show":
                self.show_requested.emit()
            elif what == "dots":
                self.dots_requested.emit(value)
            else:
                self.group_requested.emit(value)
        return True


def make_tree(name: str, description: str, headers: list[str]) -> QTreeWidget:
    """A flat list under bold headings, one row selected at a time, never edited in place."""
    tree = QTreeWidget()
    tree.setAccessibleName(name)
    tree.setAccessibleDescription(description)
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setItemsExpandable(False)
    tree.setUniformRowHeights(True)
    tree.setAllColumnsShowFocus(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    tree.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return tree


def heading_item(tree: QTreeWidget, text: str) -> QTreeWidgetItem:
    """A bold heading row spanning the tree ("Steps (12)", "Top 5 — take to …")."""
    item = QTreeWidgetItem(tree, [text])
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    font = QFont(tree.font())
    font.setBold(True)
    item.setFont(0, font)
    item.setFirstColumnSpanned(True)
    return item


def key_of(item: QTreeWidgetItem | None) -> TargetKey | None:
    """The (kind, target) a row stands for; None for a heading or no row."""
    return item.data(0, KEY_ROLE) if item is not None else None


class RankingList(QWidget):
    """Voted steps and conflicts of the shown map, most dots first, for one group or all;
    the top TOP_PRIORITIES under a heading that says to take them to the joint event.

    `label_of(key, default)` gives short names for rows the vote list knows
    ("Patient ↔ GP: time").

    Signals:
        show_requested(item): Enter or a double-click on a ranked row.
    """

    show_requested = Signal(object)

    def __init__(
        self, document: Document, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.selection = selection
        self.label_of: Callable[[TargetKey, str], str] = lambda _key, default: default
        self.items: list[Priority] = []
        self.combo = QComboBox()
        self.combo.addItem("", VOTING_GROUPS[0])
        self.combo.addItem(self.tr("All groups together"), ALL_GROUPS)
        self.combo.setAccessibleName(self.tr("Rank by"))
        self.combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        label = QLabel(self.tr("Rank &by:"))
        label.setBuddy(self.combo)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        self.tree = make_tree(
            self.tr("Ranked priorities"),
            self.tr(
                "Voted steps and conflicts of the shown map, most dots first. The first "
                "rows are the top priorities to take to the joint event. Enter shows one "
                "on the map."
            ),
            ["#", self.tr("Priority"), *(short_title(g) for g in VOTING_GROUPS), self.tr("All")],
        )
        for group, column in GROUP_COLUMNS.items():
            self.tree.headerItem().setToolTip(column, group_title(group))
        self.tree.headerItem().setToolTip(ALL_COLUMN, self.tr("All groups together"))
        self.tree.header().setSectionResizeMode(PRIORITY, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(RANK, 44)
        for column in (*GROUP_COLUMNS.values(), ALL_COLUMN):
            self.tree.setColumnWidth(column, 84)
        keys = RowKeys(self.tree, voting=False)
        keys.show_requested.connect(lambda: self.show_requested.emit(self.tree.currentItem()))
        self.tree.itemDoubleClicked.connect(lambda item, _column: self.show_requested.emit(item))
        self.tie_note = QLabel()
        self.tie_note.setWordWrap(True)
        self.tie_note.setAccessibleName(self.tr("Tie at the cut"))
        self.tie_note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.tie_note)

    def set_voting_group(self, group: str) -> None:
        """The group the first choice of the combo ranks by."""
        self.combo.setItemText(0, self.tr("The voting group ({0})").format(group_title(group)))
        self.combo.setItemData(0, group)

    def ranked_group(self) -> str | None:
        """The group the ranking is for (None: all groups together)."""
        data = self.combo.currentData()
        return None if data == ALL_GROUPS else data

    def _on_combo_current_index_changed(self, _index: int) -> None:
        self.rank()

    def rank(self) -> None:
        """Rebuild the ranked list (a few dozen rows at most)."""
        group = self.ranked_group()
        current = key_of(self.tree.currentItem())
        self.items = rank_priorities(self.document.workshop, self.selection.map_id, group)
        tree = self.tree
        tree.clear()
        top = heading_item(
            tree, self.tr("Top {0} — take to the joint event").format(TOP_PRIORITIES)
        )
        rest = heading_item(tree, self.tr("Also voted for")) if self._has_rest() else None
        if not self.items:
            QTreeWidgetItem(top, ["", self.tr("No dots yet")]).setFlags(Qt.ItemFlag.ItemIsEnabled)
        bold = QFont(tree.font())
        bold.setBold(True)
        chosen_column = GROUP_COLUMNS[group] if group else ALL_COLUMN
        for place, priority in enumerate(self.items, 1):
            key = (priority.kind, priority.target)
            label = self.label_of(key, priority.label)
            if priority.kind == "conflict":
                label = self.tr("Conflict: {0}").format(label)
            counts = [str(priority.dots.get(g, 0) or "") for g in VOTING_GROUPS]
            in_top = place <= TOP_PRIORITIES
            item = QTreeWidgetItem(
                top if in_top else rest, [str(place), label, *counts, str(priority.total)]
            )
            item.setData(0, KEY_ROLE, key)
            item.setToolTip(PRIORITY, priority.label)
            item.setFont(chosen_column, bold)
            if in_top:  # the heading says it in words; bold repeats it for the eye
                item.setFont(RANK, bold)
                item.setFont(PRIORITY, bold)
            if key == current:
                tree.setCurrentItem(item)
        tree.expandAll()
        for each, column in GROUP_COLUMNS.items():  # one group: its dots and all; else each
            tree.setColumnHidden(column, group is not None and each != group)
        for column in range(tree.columnCount()):
            tree.headerItem().setFont(column, bold if column == chosen_column else tree.font())
        self._show_tie(group)

    def _has_rest(self) -> bool:
        return len(self.items) > TOP_PRIORITIES

    def _show_tie(self, group: str | None) -> None:
        """Say so when the cut falls between two items with as many dots."""
        tied = False
        if self._has_rest():
            last_in, first_out = self.items[TOP_PRIORITIES - 1], self.items[TOP_PRIORITIES]
            tied = last_in.dots_of(group) == first_out.dots_of(group)
        if tied:
            self.tie_note.setText(
                self.tr(
                    "Places {0} and {1} have {2} dots each: agree in the room which one to take."
                ).format(
                    TOP_PRIORITIES, TOP_PRIORITIES + 1, self.items[TOP_PRIORITIES].dots_of(group)
                )
            )
        self.tie_note.setVisible(tied)

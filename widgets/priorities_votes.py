"""The vote list of the priorities dock: a model over plain rows, "−" and "+" painted as buttons.

A 2,000-step map and its conflicts make thousands of rows; a widget per row (two buttons
each) took seconds to build. Here the rows cost no widgets: `VoteModel` keeps the plain
`VoteRow` tuples under two headings ("Steps (12)", "Conflicts (4)") and reads a row's dots
from the workshop only when the row is painted, and an update emits just the rows that
came, went or changed (a new analysis that found the same conflicts changes nothing; a
dot changes one row). `DotButtons` paints the "−" and "+" cells as push buttons, big
enough to hit at a projector, and turns a click on one into `clicked(index)`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QCursor, QFont, QFontMetrics, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.document import Document
from app.model import VOTING_GROUPS
from widgets.priorities_ranking import KEY_ROLE
from widgets.priorities_rows import TargetKey, VoteRow, dots_of, dots_text, group_title, tr

Index = QModelIndex | QPersistentModelIndex

# Columns: what, where, take back, the voting group's dots, add, everyone's dots.
LABEL, WHERE, MINUS, DOTS, PLUS, TOTAL = range(6)
COLUMN_COUNT = 6
STEPS, CONFLICTS = 0, 1  # the headings, in this order
SIGNS = {MINUS: ("−", -1), PLUS: ("+", 1)}
BLOCKS_ABOVE = 40  # more separate runs of rows came or went: reset the model instead
BUTTON_MIN = QSize(38, 30)  # a "−" / "+" cell's button, at least (a finger or a shaky mouse)

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
FONT = Qt.ItemDataRole.FontRole
CENTRED = Qt.AlignmentFlag.AlignCenter
LEFT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft


def dot_action(delta: int, label: str) -> str:
    """What a "+" or "−" cell does, in words (tooltip and screen reader)."""
    text = tr("Add a dot to {0}") if delta > 0 else tr("Take back a dot from {0}")
    return text.format(label)


class Heading(NamedTuple):
    """A heading row ("Steps (12)"): spans the row, cannot be selected or voted on. Its
    first two fields are its key, as a `VoteRow`'s are."""

    kind: str  # "heading"
    target: tuple[str]  # ("0",) for the steps, ("1",) for the conflicts
    section: int  # STEPS or CONFLICTS
    count: int  # rows under it

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return (self.kind, self.target)


def heading(section: int, count: int) -> Heading:
    return Heading("heading", (str(section),), section, count)


KEY_OF = itemgetter(0, 1)  # a row's (kind, target), at C speed


class VoteModel(QAbstractTableModel):
    """The rows to vote on, flat: a heading, the steps, a heading, the conflicts.

    Flat rather than a tree: a tree view lays out every row through Python on each
    insertion (50 ms for 5,000 rows), a table view lays out none. The dots columns show
    `group`'s dots and everyone's, read from the document when a row is painted.

    Signals:
        headings_moved(): a heading row moved, or the rows were replaced all at once
            (a reset): the view spans the heading rows again.
    """

    headings_moved = Signal()

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.group = VOTING_GROUPS[0]
        self.rows: list[VoteRow | Heading] = [heading(STEPS, 0), heading(CONFLICTS, 0)]
        self._keys: list[tuple] = []  # each row's key, in order
        self._row_of: dict[tuple, int] = {}
        self._reindex(list(map(KEY_OF, self.rows)))
        self._step_count = 0  # the step rows under the first heading
        self.heading_font = QFont()
        self.heading_font.setBold(True)
        self.last_update_ms = 0.0  # how long the last set_rows took

    # -- reading ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self.rows[index.row()], Heading):
            return Qt.ItemFlag.ItemIsEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def row_at(self, index: Index) -> VoteRow | None:
        """The row an index stands for; None for a heading or no index."""
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        return None if isinstance(row, Heading) else row

    def key_at(self, index: Index) -> TargetKey | None:
        row = self.row_at(index)
        return row.key if row is not None else None

    def index_of(self, key: TargetKey | None, column: int = LABEL) -> QModelIndex:
        """The index showing `key` (invalid when no row does)."""
        row = self._row_of.get(key) if key is not None else None
        return self.index(row, column) if row is not None else QModelIndex()

    def keys(self) -> Iterator[TargetKey]:
        """Every row's key, in the list's order (steps, then conflicts)."""
        return (row.key for row in self.rows if not isinstance(row, Heading))

    def heading_rows(self) -> list[int]:
        return [self._row_of[heading(section, 0).key] for section in (STEPS, CONFLICTS)]

    def label_of(self, key: TargetKey, default: str) -> str:
        """The short name a row gives `key` ("Patient ↔ GP: time"), or `default`."""
        row = self._row_of.get(key)
        return self.rows[row].label if row is not None else default  # type: ignore[union-attr]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == DISPLAY:
            if section == DOTS:
                return group_title(self.group)
            titles = {LABEL: tr("Step or conflict"), WHERE: tr("Where"), TOTAL: tr("All groups")}
            return titles.get(section, "")
        if role == TOOLTIP:
            if section == DOTS:
                return tr("The dots of {0}").format(group_title(self.group))
            return {
                MINUS: tr("Take back a dot"),
                PLUS: tr("Add a dot"),
                TOTAL: tr("The dots of all groups together"),
            }.get(section)
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if isinstance(row, Heading):
            return self._heading_data(row, column, role)
        if role == DISPLAY:
            if column == LABEL:
                return row.label
            if column == WHERE:
                return row.where
            if column == DOTS:
                return dots_text(dots_of(self.document.workshop, *row.key, self.group))
            if column == TOTAL:
                return str(dots_of(self.document.workshop, *row.key, None))
            return SIGNS[column][0]
        if role == KEY_ROLE:
            return row.key
        if role == ALIGNMENT:
            return CENTRED if column in SIGNS else LEFT
        if role in (TOOLTIP, ACCESSIBLE):
            if column in SIGNS:
                return dot_action(SIGNS[column][1], row.label)
            if column == LABEL:
                return row.detail
            if column == WHERE:
                return row.where
            group = self.group if column == DOTS else None
            count = dots_of(self.document.workshop, *row.key, group)
            who = group_title(group) if group else tr("all groups")
            return tr("{0} dots of {1}").format(count, who)
        return None

    def _heading_data(self, heading: Heading, column: int, role: int) -> Any:
        if column != LABEL:
            return None
        if role == DISPLAY:
            title = tr("Steps ({0})") if heading.section == STEPS else tr("Conflicts ({0})")
            return title.format(heading.count)
        if role == FONT:
            return self.heading_font
        return None

    # -- updating ---------------------------------------------------------------------

    def set_group(self, group: str) -> None:
        """Show `group`'s dots (one change signal for the column, not one per row)."""
        self.group = group
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, DOTS, DOTS)
        self.dataChanged.emit(self.index(0, DOTS), self.index(len(self.rows) - 1, DOTS))

    def counts_changed(self, key: TargetKey) -> bool:
        """The dots on `key` changed: repaint its row's counts. False when no row shows it."""
        row = self._row_of.get(key)
        if row is None:
            return False
        self.dataChanged.emit(self.index(row, DOTS), self.index(row, TOTAL))
        return True

    def set_rows(self, sections: Sequence[Sequence[VoteRow]]) -> bool:
        """Show these rows (the steps, the conflicts); True when anything shown changed.

        Rows that stay keep their indexes (the current row and the selection stay put);
        rows that came or went are inserted or removed in runs, rows whose words changed
        are repainted. When many scattered runs came and went, or the rows that stay
        changed order, the model is reset instead (one signal). Keys are compared as
        lists and sets, not row by row in Python: 5,000 rows take a few milliseconds.
        When the steps are the rows shown already (an analysis brings only conflicts),
        only the conflicts are compared: a few hundred rows, not thousands.
        """
        started = time.perf_counter()
        steps, conflicts = sections
        new: list[VoteRow | Heading] = [
            heading(STEPS, len(steps)),
            *steps,
            heading(CONFLICTS, len(conflicts)),
            *conflicts,
        ]
        # Rows before `start` are the ones shown: the steps' heading and rows (compared as
        # lists: the same row objects take no Python-level comparison).
        start = 1 + len(steps) if self._step_count == len(steps) else 0
        if start and self.rows[1:start] != new[1:start]:
            start = 0
        self._step_count = len(steps)
        headings = self.heading_rows()
        new_keys = list(map(KEY_OF, new[start:]))
        reset = False
        if new_keys == self._keys[start:]:
            old = self.rows
            changed = [] if new[start:] == old[start:] else _differing(old, new, start)
            self.rows = new
            self._emit_changed(changed)
        else:
            reset = self._restructure(new, new_keys, start)
            changed = [-1]
        self.last_update_ms = (time.perf_counter() - started) * 1000
        if reset or self.heading_rows() != headings:
            self.headings_moved.emit()
        return bool(changed)

    def _restructure(self, new: list[VoteRow | Heading], new_keys: list[tuple], start: int) -> bool:
        """Rows from `start` on came, went or changed (`new_keys`: theirs, in order); True
        when the model was reset."""
        old_keys = self._keys[start:]
        new_set, old_set = set(new_keys), set(old_keys)
        gone = [i for i, key in enumerate(old_keys, start) if key not in new_set]
        came = [i for i, key in enumerate(new_keys, start) if key not in old_set]
        kept_old = [key for key in old_keys if key in new_set]
        kept_new = [key for key in new_keys if key in old_set]
        if kept_old != kept_new or len(_runs(gone)) + len(_runs(came)) > BLOCKS_ABOVE:
            self.beginResetModel()
            self.rows = new
            self._reindex(list(map(KEY_OF, new)))
            self.endResetModel()
            return True
        root = QModelIndex()
        rows = self.rows
        for first, last in reversed(_runs(gone)):  # the last run first: indexes hold
            self.beginRemoveRows(root, first, last)
            del rows[first : last + 1]
            self.endRemoveRows()
        # Left: the rows that stay, in `new`'s order; a run inserted at its place in `new`
        # has every row before it in place already.
        for first, last in _runs(came):
            self.beginInsertRows(root, first, last)
            rows[first:first] = new[first : last + 1]
            self.endInsertRows()
        changed = _differing(rows, new, start)  # rows that stayed with other words
        self.rows = new
        row_of = self._row_of
        for key in old_keys:
            del row_of[key]
        row_of.update(zip(new_keys, range(start, len(new)), strict=True))
        self._keys = self._keys[:start] + new_keys
        self._emit_changed(changed)
        return False

    def _reindex(self, keys: list[tuple]) -> None:
        self._keys = keys
        self._row_of = dict(zip(keys, range(len(keys)), strict=True))

    def _emit_changed(self, changed: list[int]) -> None:
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))


def _differing(old: list, new: list, start: int = 0) -> list[int]:
    """Where two lists of rows of the same keys differ (from `start` on)."""
    pairs = zip(old[start:], new[start:], strict=True)
    return [i for i, (a, b) in enumerate(pairs, start) if a is not b and a != b]


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Ascending indexes as runs of neighbours: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for i in indexes:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


class DotButtons(QStyledItemDelegate):
    """Paints a "−" or "+" cell as a push button and reports a left click on it.

    A double click counts as two clicks (two dots), as on a real button; the view still
    selects the row on the press, so the keys act on it next.

    Signals:
        clicked(index): the button of the cell at `index` was clicked.
    """

    clicked = Signal(QModelIndex)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sign_font = QFont()
        self.sign_font.setBold(True)
        self.sign_font.setPointSizeF(max(self.sign_font.pointSizeF(), 11.0) * 1.2)

    @staticmethod
    def button_rect(cell: QRect) -> QRect:
        return cell.adjusted(3, 2, -3, -2)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        height = QFontMetrics(self.sign_font).height() + 8
        return QSize(BUTTON_MIN.width() + 6, max(BUTTON_MIN.height(), height) + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if index.data(KEY_ROLE) is None:  # a heading
            super().paint(painter, option, index)
            return
        widget: QWidget | None = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        cell.text = ""
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, cell, painter, widget)
        button = QStyleOptionButton()
        button.rect = self.button_rect(option.rect)
        button.text = index.data(DISPLAY)
        button.palette = option.palette
        button.fontMetrics = QFontMetrics(self.sign_font)
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        if option.state & QStyle.StateFlag.State_MouseOver and widget is not None:
            under = widget.viewport().mapFromGlobal(QCursor.pos())  # the row is hovered:
            if button.rect.contains(under):  # light up the one button under the mouse
                button.state |= QStyle.StateFlag.State_MouseOver
        painter.save()
        painter.setFont(self.sign_font)
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)
        painter.restore()

    def editorEvent(
        self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: QModelIndex
    ) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick):
            return False
        assert isinstance(event, QMouseEvent)
        if event.button() != Qt.MouseButton.LeftButton or index.data(KEY_ROLE) is None:
            return False
        if not self.button_rect(option.rect).contains(event.position().toPoint()):
            return False
        self.clicked.emit(QModelIndex(index))
        return True


def make_vote_view(model: VoteModel, name: str, description: str) -> tuple[QTableView, DotButtons]:
    """The list: headings spanning the row, one row selected at a time, never edited."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setAccessibleDescription(description)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover)  # the button under the mouse
    view.setTabKeyNavigation(False)  # Tab leaves the list, as in any list
    view.setCornerButtonEnabled(False)
    buttons = DotButtons(view)
    for column in SIGNS:
        view.setItemDelegateForColumn(column, buttons)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(
        max(
            buttons.sizeHint(QStyleOptionViewItem(), QModelIndex()).height(),
            view.fontMetrics().height() + 10,
        )
    )
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
    for column, width in ((WHERE, 190), (MINUS, 46), (DOTS, 150), (PLUS, 46), (TOTAL, 96)):
        view.setColumnWidth(column, width)
    model.heading_font = QFont(view.font())
    model.heading_font.setBold(True)

    def span_headings() -> None:
        view.clearSpans()
        for row in model.heading_rows():
            view.setSpan(row, 0, 1, COLUMN_COUNT)

    model.headings_moved.connect(span_headings)
    span_headings()
    return view, buttons

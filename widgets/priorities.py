"""The priorities dock: each group's dot votes on steps and conflicts, and the ranked priorities.

Experience-Based Co-Design: the patient event and the staff event each vote for a few
priorities with sticky dots, then the joint event agrees shared ones. The facilitator
picks the group voting now, gives or takes back dots row by row (each dot one undo step),
and reads the ranking per group or of all groups, the top few marked to take to the joint
event. Double-click or Enter on a row shows its step (or a conflict's two steps) on the map.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QToolButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import edits
from app.document import Document
from app.errors import WorkshopError
from app.live_analysis import AnalysisResult, LiveAnalysis
from app.model import VOTING_GROUPS
from widgets.docks import error_label, show_error
from widgets.priorities_ranking import (
    KEY_ROLE,
    RankingList,
    RowKeys,
    heading_item,
    key_of,
    make_tree,
)
from widgets.priorities_rows import (
    TargetKey,
    VoteRow,
    conflict_rows,
    dots_of,
    dots_text,
    group_title,
    step_rows,
    steps_of_target,
)
from widgets.selection import Selection

SYNC_MS = 100  # edits elsewhere (typing a step's text) refresh the rows after this pause
# Vote list columns: what, where, take back, the group's dots, add, everyone's dots.
LABEL, WHERE, MINUS, DOTS, PLUS, TOTAL = range(6)


class PrioritiesPanel(QWidget):
    """Dot voting per group on the shown map's steps and conflicts, and the ranking.

    `analysis` (the window's LiveAnalysis) supplies the conflicts; `view` is the map view
    that brings a chosen step into sight. `show_result(result)` takes a new analysis.
    """

    def __init__(
        self,
        document: Document,
        selection: Selection,
        parent: QWidget | None = None,
        *,
        analysis: LiveAnalysis | None = None,
        view: QGraphicsView | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("priorities_panel")
        self.document = document
        self.selection = selection
        self.view = view
        self.group = VOTING_GROUPS[0]
        self.conflicts: list = []  # app.analysis.Conflict of every map, latest analysis
        self.rows: dict[TargetKey, QTreeWidgetItem] = {}  # vote list rows by target
        self._row_data: list[VoteRow] = []
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.timeout.connect(self.sync_rows)
        self._rank_timer = QTimer(self)
        self._rank_timer.setSingleShot(True)
        self._rank_timer.timeout.connect(self.rank)

        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._build_group_bar())
        layout.addWidget(self.error)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.ranked = RankingList(document, selection)
        self.ranked.show_requested.connect(self._show_on_map)
        self.splitter.addWidget(self._build_vote_side())
        self.splitter.addWidget(self.ranked)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        doc = document
        doc.vote_changed.connect(self._on_document_vote_changed)
        for signal in (doc.step_added, doc.step_removed, doc.step_changed, doc.map_changed):
            signal.connect(self._schedule_sync)
        for signal in (doc.actor_changed, doc.actor_removed):
            signal.connect(self._schedule_sync)
        for signal in (doc.note_added, doc.note_removed, doc.note_changed):
            signal.connect(self._schedule_sync)
        selection.map_changed.connect(self._schedule_sync)
        selection.selection_changed.connect(self._on_selection_changed)
        if analysis is not None:
            analysis.updated.connect(self.show_result)
            if analysis.result is not None:
                self.conflicts = list(analysis.result.conflicts)
        self.set_group(self.group)
        self.sync_rows()

    def sizeHint(self) -> QSize:
        return QSize(1200, 12 * self.fontMetrics().height())

    # -- building ---------------------------------------------------------------------

    def _build_group_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Who is voting:")))
        self.group_buttons: dict[str, QPushButton] = {}
        self.group_choice = QButtonGroup(self)
        self.group_choice.setExclusive(True)
        big = QFont(self.font())
        big.setPointSizeF(max(big.pointSizeF(), 11.0) * 1.15)
        for number, group in enumerate(VOTING_GROUPS, 1):
            # Alt+1..3 anywhere in the window, 1..3 in the vote list.
            button = QPushButton(f"&{number}  {group_title(group)}")
            button.setCheckable(True)
            button.setFont(big)
            button.setMinimumHeight(button.sizeHint().height() + 10)
            button.setAccessibleName(self.tr("Voting group: {0}").format(group_title(group)))
            button.setToolTip(
                self.tr("{0} place their dots (Alt+{1}, or {1} in the list)").format(
                    group_title(group), number
                )
            )
            button.clicked.connect(lambda _checked=False, g=group: self.set_group(g))
            self.group_choice.addButton(button)
            self.group_buttons[group] = button
            bar.addWidget(button)
        bar.addStretch(1)
        return bar

    def _build_vote_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        self.vote_list = make_tree(
            self.tr("Steps and conflicts to vote on"),
            self.tr(
                "The steps of the shown map in reading order, then its conflicts. Plus or "
                "Insert adds a dot of the voting group to the selected row, minus or Delete "
                "takes one back; Enter shows it on the map; 1, 2 and 3 pick the group."
            ),
            ["", self.tr("Where"), "", "", "", self.tr("All groups")],
        )
        header = self.vote_list.header()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        for column, width in ((WHERE, 190), (MINUS, 46), (DOTS, 150), (PLUS, 46), (TOTAL, 96)):
            self.vote_list.setColumnWidth(column, width)
        self.vote_label = QLabel(self.tr("P&ut dots on this map's steps and conflicts:"))
        self.vote_label.setBuddy(self.vote_list)
        self.vote_label.setMinimumHeight(self.ranked.combo.sizeHint().height())
        keys = RowKeys(self.vote_list, voting=True)
        keys.dots_requested.connect(self._on_vote_keys_dots_requested)
        keys.show_requested.connect(lambda: self._show_on_map(self.vote_list.currentItem()))
        keys.group_requested.connect(lambda i: self.set_group(VOTING_GROUPS[i]))
        self.vote_list.itemDoubleClicked.connect(self._show_on_map)
        hint = QLabel(
            self.tr("+ or Insert: add a dot · − or Delete: take one back · Enter: show on map")
        )
        hint.setWordWrap(True)
        layout.addWidget(self.vote_label)
        layout.addWidget(self.vote_list, 1)
        layout.addWidget(hint)
        return side

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lists side by side in a wide dock (the bottom), one above the other in a tall one."""
        super().resizeEvent(event)
        wide = event.size().width() >= event.size().height() * 1.2
        self.splitter.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)

    # -- the voting group -------------------------------------------------------------

    def set_group(self, group: str) -> None:
        """Make `group` the one whose dots the list shows and the buttons place."""
        self.group = group
        self.group_buttons[group].setChecked(True)
        title = group_title(group)
        for each, button in self.group_buttons.items():
            mark = "✓ " if each == group else ""  # not by colour alone
            number = VOTING_GROUPS.index(each) + 1
            button.setText(f"{mark}&{number}  {group_title(each)}")
        self.vote_list.headerItem().setText(DOTS, title)
        self.vote_list.headerItem().setToolTip(DOTS, self.tr("The dots of {0}").format(title))
        self.vote_list.headerItem().setText(LABEL, self.tr("Step or conflict"))
        self.ranked.set_voting_group(group)
        for item in self.rows.values():
            self._show_counts(item)
        self.rank()

    # -- the vote list ----------------------------------------------------------------

    def show_result(self, result: AnalysisResult) -> None:
        """A new analysis: its conflicts join the list (the rows change only if they did)."""
        self.conflicts = list(result.conflicts)
        self.sync_rows()

    def _schedule_sync(self, *_: object) -> None:
        self._sync_timer.start(SYNC_MS)

    def sync_rows(self) -> None:
        """Bring the vote list up to date: texts in place, or rebuilt when rows came or went."""
        self._sync_timer.stop()
        workshop, map_id = self.document.workshop, self.selection.map_id
        steps = step_rows(workshop, map_id)
        conflicts = conflict_rows(workshop, map_id, self.conflicts)
        wanted = [*steps, *conflicts]
        if [r.key for r in wanted] == [r.key for r in self._row_data]:
            if wanted != self._row_data:
                for row in wanted:
                    self._fill_row(self.rows[row.key], row)
                self._row_data = wanted
                self.rank()
            return
        current = key_of(self.vote_list.currentItem())
        scroll = self.vote_list.verticalScrollBar().value()
        self.vote_list.clear()
        self.rows.clear()
        for title, rows in (
            (self.tr("Steps ({0})"), steps),
            (self.tr("Conflicts ({0})"), conflicts),
        ):
            heading = heading_item(self.vote_list, title.format(len(rows)))
            for row in rows:
                self._add_row(heading, row)
        self.vote_list.expandAll()
        self._row_data = wanted
        if current in self.rows:
            self.vote_list.setCurrentItem(self.rows[current])
        self.vote_list.verticalScrollBar().setValue(scroll)
        self.rank()

    def _add_row(self, heading: QTreeWidgetItem, row: VoteRow) -> None:
        item = QTreeWidgetItem(heading)
        item.setData(0, KEY_ROLE, row.key)
        for column in (DOTS, TOTAL):
            item.setTextAlignment(
                column, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            )
        self.rows[row.key] = item
        self._fill_row(item, row)
        for column, text, delta in ((MINUS, "−", -1), (PLUS, "+", 1)):
            button = QToolButton()
            button.setText(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the list's keys do the same
            button.setAutoRaise(False)
            font = QFont(button.font())
            font.setBold(True)
            font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.2)
            button.setFont(font)
            button.setMinimumSize(38, 30)
            what = self.tr("Add a dot to {0}") if delta > 0 else self.tr("Take back a dot from {0}")
            button.setAccessibleName(what.format(row.label))
            button.setToolTip(what.format(row.label))
            button.clicked.connect(
                lambda _checked=False, k=row.key, d=delta: self._on_row_button(k, d)
            )
            self.vote_list.setItemWidget(item, column, button)

    def _fill_row(self, item: QTreeWidgetItem, row: VoteRow) -> None:
        item.setText(LABEL, row.label)
        item.setText(WHERE, row.where)
        item.setToolTip(LABEL, row.detail)
        item.setToolTip(WHERE, row.where)
        self._show_counts(item)

    def _show_counts(self, item: QTreeWidgetItem) -> None:
        kind, target = item.data(0, KEY_ROLE)
        workshop = self.document.workshop
        item.setText(DOTS, dots_text(dots_of(workshop, kind, target, self.group)))
        item.setText(TOTAL, str(dots_of(workshop, kind, target, None)))

    def _on_row_button(self, key: TargetKey, delta: int) -> None:
        item = self.rows.get(key)
        if item is not None:
            self.vote_list.setCurrentItem(item)
        self.place_dot(key, delta)

    def _on_vote_keys_dots_requested(self, delta: int) -> None:
        key = key_of(self.vote_list.currentItem())
        if key is not None:
            self.place_dot(key, delta)

    def place_dot(self, key: TargetKey, delta: int) -> None:
        """Add (delta 1) or take back (-1) one dot of the voting group: one undo step."""
        if self.document.read_only:
            show_error(
                self.error,
                self.tr(
                    "This workshop is open read-only, so dots cannot be placed. Use "
                    "File > Save As to vote in a copy."
                ),
            )
            return
        kind, target = key
        try:
            command = edits.place_dots(self.document, self.group, kind, target, delta)
        except WorkshopError as error:
            show_error(self.error, str(error))
            return
        if command is None:
            show_error(
                self.error,
                self.tr("{0} have no dots here to take back.").format(group_title(self.group)),
            )
            return
        show_error(self.error, "")
        self.document.push(command)

    def _on_document_vote_changed(self, group: str, kind: str, target: object) -> None:
        item = self.rows.get((kind, tuple(target)))  # type: ignore[arg-type]
        if item is not None:
            self._show_counts(item)
        elif kind == "conflict":
            self._schedule_sync()  # a conflict the analysis no longer lists got dots back
        self._rank_timer.start(0)  # the dots of one undo step ranked once

    # -- the ranking ------------------------------------------------------------------

    def rank(self) -> None:
        """Rank again (at once: the ranking is a few dozen rows at most)."""
        self._rank_timer.stop()
        self.ranked.labels = {row.key: row.label for row in self._row_data}
        self.ranked.rank()

    # -- the map ----------------------------------------------------------------------

    def _show_on_map(self, item: QTreeWidgetItem | None, _column: int = 0) -> None:
        """Select the row's step (or a conflict's two steps) on the map and bring it into view."""
        key = key_of(item)
        if key is None:
            return
        steps = steps_of_target(self.document.workshop, *key)
        if not steps:
            return
        self.selection.select(steps)
        scene = self.view.scene() if self.view is not None else None
        cards = getattr(scene, "step_items", {})
        rect = QRectF()
        for step_id in steps:
            if step_id in cards:
                rect = rect.united(cards[step_id].sceneBoundingRect())
        if self.view is not None and not rect.isEmpty():
            self.view.ensureVisible(rect, 60, 60)

    def _on_selection_changed(self) -> None:
        """A step picked on the map becomes the list's current row, ready for + and −."""
        item = self.rows.get(("step", (self.selection.step,))) if self.selection.step else None
        if item is not None and item is not self.vote_list.currentItem():
            self.vote_list.setCurrentItem(item)
            self.vote_list.scrollToItem(item)

"""The priorities dock: each group's dot votes on steps and conflicts, and the ranked priorities.

Experience-Based Co-Design: the patient event and the staff event each vote for a few
priorities with sticky dots, then the joint event agrees shared ones. The facilitator
picks the group voting now, gives or takes back dots row by row (each dot one undo step),
and reads the ranking per group or of all groups, the top few marked to take to the joint
event. Double-click or Enter on a row shows its step (or a conflict's two steps) on the map.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDockWidget,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import edits
from app.document import Document
from app.errors import WorkshopError
from app.live_analysis import AnalysisResult, LiveAnalysis
from app.model import VOTING_GROUPS
from widgets.docks import error_label, show_error
from widgets.priorities_ranking import RankingList, RowKeys, key_of
from widgets.priorities_rows import (
    ConflictRowCache,
    Place,
    TargetKey,
    VoteRow,
    group_title,
    patch_step_rows,
    step_rows,
    steps_of_target,
)
from widgets.priorities_votes import (
    DOTS,
    LABEL,
    MINUS,
    PLUS,
    SIGNS,
    TOTAL,
    WHERE,
    VoteModel,
    make_vote_view,
)
from widgets.selection import Selection

SYNC_MS = 100  # edits elsewhere (typing a step's text) refresh the rows after this pause,
FALLBACK_MS = 1000  # or with a live analysis its result does, and this only if none came
__all__ = ["DOTS", "LABEL", "MINUS", "PLUS", "TOTAL", "WHERE", "PrioritiesPanel"]


class PrioritiesPanel(QWidget):
    """Dot voting per group on the shown map's steps and conflicts, and the ranking.

    `analysis` (the window's LiveAnalysis) supplies the conflicts; `view` is the map view
    that brings a chosen step into sight. `show_result(result)` takes a new analysis.
    `model` holds the vote list's rows; `vote_list` is the view showing them.

    The rows keep step with the document and the analysis while the panel is shown; while
    it is hidden (a tab behind the conflicts: Qt keeps such a dock "visible" and moves it out
    of the window) they wait and catch up when it is shown. The
    dots in a row are read from the document when painted, so they are never stale.
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
        self.model = VoteModel(document, self)
        self._steps: list[VoteRow] | None = None  # the shown map's step rows; None: stale
        self._step_places: dict[str, Place] = {}  # where each of them is in reading order
        self._edited_steps: set[str] = set()  # steps whose rows may be out of date
        self.conflict_rows = ConflictRowCache()  # kept from one sync to the next
        self._stale = False  # a sync waits for the panel to be shown
        self._dock: QDockWidget | None = None  # whose tab coming to the front shows it
        self._edit_sync_ms = SYNC_MS if analysis is None else FALLBACK_MS
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
        self.ranked.label_of = self.model.label_of
        self.ranked.show_requested.connect(lambda item: self._show_on_map(key_of(item)))
        self.splitter.addWidget(self._build_vote_side())
        self.splitter.addWidget(self.ranked)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        doc = document
        doc.vote_changed.connect(self._on_document_vote_changed)
        steps_changed = (doc.step_added, doc.step_removed, doc.map_changed)
        for signal in (*steps_changed, doc.actor_changed, doc.actor_removed):
            signal.connect(self._on_document_steps_changed)
        doc.step_changed.connect(self._on_document_step_changed)
        for signal in (doc.note_added, doc.note_removed, doc.note_changed):
            signal.connect(self._on_document_note_changed)  # a conflict's words
        selection.map_changed.connect(self._on_selection_map_changed)
        selection.selection_changed.connect(self._on_selection_changed)
        if analysis is not None:
            analysis.updated.connect(self.show_result)
            if analysis.result is not None:
                self.conflicts = list(analysis.result.conflicts)
        self.set_group(self.group)
        self.sync_rows(even_hidden=True)

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
        self.vote_list, self.dot_buttons = make_vote_view(
            self.model,
            self.tr("Steps and conflicts to vote on"),
            self.tr(
                "The steps of the shown map in reading order, then its conflicts. Plus or "
                "Insert adds a dot of the voting group to the selected row, minus or Delete "
                "takes one back; Enter shows it on the map; 1, 2 and 3 pick the group."
            ),
        )
        self.dot_buttons.clicked.connect(self._on_dot_buttons_clicked)
        self.vote_label = QLabel(self.tr("P&ut dots on this map's steps and conflicts:"))
        self.vote_label.setBuddy(self.vote_list)
        self.vote_label.setMinimumHeight(self.ranked.combo.sizeHint().height())
        keys = RowKeys(self.vote_list, voting=True)
        keys.dots_requested.connect(self._on_vote_keys_dots_requested)
        keys.show_requested.connect(lambda: self._show_on_map(self.current_key()))
        keys.group_requested.connect(lambda i: self.set_group(VOTING_GROUPS[i]))
        self.vote_list.doubleClicked.connect(self._on_vote_list_double_clicked)
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
        for each, button in self.group_buttons.items():
            mark = "✓ " if each == group else ""  # not by colour alone
            number = VOTING_GROUPS.index(each) + 1
            button.setText(f"{mark}&{number}  {group_title(each)}")
        self.model.set_group(group)
        self.ranked.set_voting_group(group)
        self.rank()

    # -- the vote list ----------------------------------------------------------------

    def show_result(self, result: AnalysisResult) -> None:
        """A new analysis: its conflicts join the list in the next event-loop turn (the
        window's other panels take the same result in this one)."""
        self.conflicts = list(result.conflicts)
        self._sync_timer.start(0)

    def _schedule_sync(self, *_: object) -> None:
        """An edit elsewhere. With a live analysis its result, a moment later, brings the
        rows up to date: syncing before it would compete with the analysis thread."""
        self._sync_timer.start(self._edit_sync_ms)

    def _on_document_steps_changed(self, *_: object) -> None:
        self._steps = None  # the step rows are built again at the next sync,
        self.conflict_rows.clear()  # and the conflicts' (steps' words, actors' names)
        self._schedule_sync()

    def _on_document_step_changed(self, step_id: str) -> None:
        self._edited_steps.add(step_id)  # its row is made again at the next sync,
        self.conflict_rows.forget_step(step_id)  # and those of its conflicts
        self._schedule_sync()

    def _on_document_note_changed(self, note_id: str, _step_id: str) -> None:
        self.conflict_rows.forget_note(note_id)
        self._schedule_sync()

    def _on_selection_map_changed(self, _map_id: str) -> None:
        self._steps = None
        self._sync_timer.start(SYNC_MS)  # another map's steps: no need to wait

    def on_screen(self) -> bool:
        """Shown and not tucked away behind another dock's tab."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._catch_up()
        if self._stale:  # geometry settles after the show: look again then
            QTimer.singleShot(0, self, self._catch_up)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange:
            self._follow_dock()
        return super().event(event)

    def _follow_dock(self) -> None:
        """Catch up when the dock comes to the front of its tab group (no show event then)."""
        dock = self.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        if dock is self._dock:
            return
        if self._dock is not None:
            self._dock.visibilityChanged.disconnect(self._on_dock_visibility_changed)
        self._dock = dock
        if dock is not None:
            dock.visibilityChanged.connect(self._on_dock_visibility_changed)

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible and self._stale:
            QTimer.singleShot(0, self, self._catch_up)

    def _catch_up(self) -> None:
        if self._stale and self.on_screen():
            self.sync_rows()
            self._on_selection_changed()

    def sync_rows(self, even_hidden: bool = False) -> None:
        """Bring the vote list up to date: only the rows that came, went or changed. While
        the panel is not on screen, only note that it has to (unless `even_hidden`)."""
        self._sync_timer.stop()
        if not (even_hidden or self.on_screen()):
            self._stale = True
            return
        self._stale = False
        workshop, map_id = self.document.workshop, self.selection.map_id
        if self._steps is not None and self._edited_steps:
            self._steps = patch_step_rows(
                self._steps, self._step_places, workshop, map_id, self._edited_steps
            )
        self._edited_steps.clear()
        if self._steps is None:
            self._steps = step_rows(workshop, map_id, self._step_places)
        conflicts = self.conflict_rows.rows(workshop, map_id, self.conflicts)
        current = self.current_key()
        if not self.model.set_rows((self._steps, conflicts)):
            return
        if current is not None and self.current_key() != current:
            index = self.model.index_of(current)  # its heading's rows were replaced
            if index.isValid():
                self.vote_list.setCurrentIndex(index)
        self.rank()

    def current_key(self) -> TargetKey | None:
        """The (kind, target) of the vote list's current row; None on a heading or none."""
        return self.model.key_at(self.vote_list.currentIndex())

    def _on_dot_buttons_clicked(self, index: QModelIndex) -> None:
        key = self.model.key_at(index)
        if key is None:
            return
        if self.vote_list.currentIndex().row() != index.row():  # the press made it current
            self.vote_list.setCurrentIndex(index)  # the clicked cell: the list does not scroll
        self.place_dot(key, SIGNS[index.column()][1])

    def _on_vote_keys_dots_requested(self, delta: int) -> None:
        key = self.current_key()
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
        if not self.model.counts_changed((kind, tuple(target))) and kind == "conflict":  # type: ignore[arg-type]
            self._schedule_sync()  # a conflict the analysis no longer lists got dots back
        self._rank_timer.start(0)  # the dots of one undo step ranked once

    # -- the ranking ------------------------------------------------------------------

    def rank(self) -> None:
        """Rank again (at once: only voted items are ranked, a few dozen at most)."""
        self._rank_timer.stop()
        self.ranked.rank()

    # -- the map ----------------------------------------------------------------------

    def _on_vote_list_double_clicked(self, index: QModelIndex) -> None:
        if index.column() not in SIGNS:  # a quick second click on "+" is another dot
            self._show_on_map(self.model.key_at(index))

    def _show_on_map(self, key: TargetKey | None) -> None:
        """Select the row's step (or a conflict's two steps) on the map and bring it into view."""
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
        step = self.selection.step
        index = self.model.index_of(("step", (step,))) if step else QModelIndex()
        if index.isValid() and index != self.vote_list.currentIndex():
            self.vote_list.setCurrentIndex(index)
            self.vote_list.scrollTo(index)

"""The conflicts panel: every conflict and emotion gap, live, and what the group decided.

It shows the latest `AnalysisResult` (the analysis runs in a worker thread; an update here
is a diff of the rows, see `table_model`). Selecting a conflict explains it, lets the group
record a status and a note, and marks the two needs' cards on the map with a labelled
tension line, bringing both into view. Selecting one step on the map shows its conflicts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, QRectF, QSize, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import edits
from app.analysis import format_number
from app.document import Document
from app.errors import WorkshopError
from app.live_analysis import AnalysisResult
from app.model import CONFLICT_STATUSES, pair_key
from widgets.canvas.scene import MapScene
from widgets.canvas.view import MapView
from widgets.conflicts.declare_dialog import ask_for_pair
from widgets.conflicts.table_model import (
    STILL_OPEN,
    Changes,
    ConflictRow,
    ConflictTableModel,
    GapRow,
    GapTableModel,
    PairLabels,
    RowBuilder,
    RowsFilter,
    source_text,
    status_text,
)
from widgets.docks import (
    TypingSessions,
    error_label,
    heading_label,
    set_text_if_changed,
    show_error,
)
from widgets.selection import Selection

NOTE_LINES = 4
VIEW_MARGIN = 60.0
# Column widths; 0 stretches (the needs' and steps' words share what is left, elided, with
# the whole text in the tooltip), so the status never hides behind a scroll bar.
CONFLICT_WIDTHS = (78, 200, 150, 0, 0, 0, 90, 150, 160)
GAP_WIDTHS = (60, 0, 170, 170, 160)
ALL_MAPS, THIS_MAP = "all", "this"


def bring_into_view(view: MapView, rect: QRectF) -> None:
    """Centre `rect` in the view, zooming out until it fits; zooming in to fit only up to
    100 % (or the zoom the user chose, when higher)."""
    rect = rect.adjusted(-VIEW_MARGIN, -VIEW_MARGIN, VIEW_MARGIN, VIEW_MARGIN)
    viewport = view.viewport().rect().adjusted(10, 10, -10, -10)
    if rect.isEmpty() or viewport.isEmpty():
        return
    fits = min(viewport.width() / rect.width(), viewport.height() / rect.height())
    view.set_zoom(min(fits, max(view.zoom(), 1.0)))
    view.centerOn(rect.center())


def table_view(model: RowsFilter, name: str, widths: tuple[int, ...]) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setSortIndicatorShown(True)
    source = model.source()
    header.setSortIndicator(source.sort_column, source.sort_order)
    table.setSortingEnabled(True)
    header.setMinimumSectionSize(60)
    for column, width in enumerate(widths):
        if width:
            table.setColumnWidth(column, width)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return table


class ConflictsPanel(QWidget):
    """Lists conflicts and emotion gaps; edits the group's records; links to the canvas.

    `show_result(result)` shows a new analysis; connect it to `LiveAnalysis.updated`.
    """

    def __init__(
        self,
        document: Document,
        selection: Selection,
        scene: MapScene,
        view: MapView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts_panel")
        self.document = document
        self.selection = selection
        self.scene = scene
        self.view = view
        self.result: AnalysisResult | None = None
        self.update_ms = 0.0  # what the last result cost here, rows built and shown
        self.wanted: tuple[str, str] | None = None  # the conflict the user picked
        self.wanted_gap = ""  # the step of the emotion gap the user picked
        self._updating = False
        self._note_key: tuple[str, str] | None = None
        self.typing = TypingSessions(document, self)

        self.changes = Changes()  # what rows show that the document changed since
        self.row_builder = RowBuilder()
        self.conflicts = ConflictTableModel(self)
        self.gaps = GapTableModel(self)
        self.conflict_filter = RowsFilter(self.conflicts, self)
        self.gap_filter = RowsFilter(self.gaps, self)
        self.conflict_table = table_view(
            self.conflict_filter, self.tr("Conflicts"), CONFLICT_WIDTHS
        )
        self.gap_table = table_view(self.gap_filter, self.tr("Emotion gaps"), GAP_WIDTHS)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Conflicts and emotion gaps"))
        self.tabs.addTab(self.conflict_table, self.tr("Conflicts"))
        self.tabs.addTab(self.gap_table, self.tr("Emotion gaps"))
        self.detail = self._build_detail()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.error = error_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._build_filter_bar())
        layout.addWidget(self.error)
        layout.addWidget(self.splitter, 1)

        self.conflict_table.selectionModel().selectionChanged.connect(
            self._on_conflict_table_selection_changed
        )
        self.gap_table.selectionModel().selectionChanged.connect(
            self._on_gap_table_selection_changed
        )
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        document.conflict_status_changed.connect(self._on_document_conflict_status_changed)
        changes = self.changes
        document.note_changed.connect(lambda note, _step: changes.notes.add(note))
        document.note_added.connect(lambda note, _step: changes.notes.add(note))
        document.note_removed.connect(lambda note, _step: changes.notes.add(note))
        document.step_changed.connect(changes.steps.add)
        document.step_added.connect(changes.steps.add)
        document.step_removed.connect(changes.steps.add)
        for signal in (document.actor_added, document.actor_removed, document.actor_changed):
            signal.connect(self._on_document_actors_changed)
        document.modified_changed.connect(self._update_enabled)
        document.path_changed.connect(self._update_enabled)
        selection.selection_changed.connect(self._on_selection_changed)
        selection.map_changed.connect(self._on_selection_map_changed)
        self._apply_filters()
        self._show_detail()
        self._update_enabled()

    def sizeHint(self) -> QSize:
        """Room for the filters and about six rows; the map keeps the rest."""
        rows = self.conflict_table.verticalHeader().defaultSectionSize() * 6
        return QSize(1200, rows + 4 * self.fontMetrics().height() + 40)

    # -- building ---------------------------------------------------------------------

    def _build_filter_bar(self) -> QGridLayout:
        self.map_combo = QComboBox()
        self.map_combo.addItem(self.tr("This map"), THIS_MAP)
        self.map_combo.addItem(self.tr("All maps"), ALL_MAPS)
        self.map_combo.setAccessibleName(self.tr("Which maps"))
        self.pair_combo = QComboBox()
        self.pair_combo.addItem(self.tr("All pairs"), "")
        self.pair_combo.setAccessibleName(self.tr("Actor pair"))
        self.pair_combo.setMinimumContentsLength(16)
        self.pair_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("All statuses"), ())
        self.status_combo.addItem(self.tr("Still open (open or discussed)"), STILL_OPEN)
        for status in CONFLICT_STATUSES:
            self.status_combo.addItem(status_text(status), (status,))
        self.status_combo.setAccessibleName(self.tr("Status"))
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText(self.tr("Filter by words…"))
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setAccessibleName(self.tr("Filter by words"))
        self.step_toggle = QCheckBox(self.tr("Conflicts of the selected &step"))
        self.step_toggle.setChecked(True)
        self.step_toggle.setToolTip(
            self.tr("When one step is selected on the map, show only its conflicts and gaps")
        )
        self.declare_button = QPushButton(self.tr("&Declare Conflict…"))
        self.declare_button.setAccessibleName(self.tr("Declare a conflict between two needs"))
        self.declare_button.clicked.connect(self.declare_conflict)
        for combo in (self.map_combo, self.pair_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.text_filter.textChanged.connect(self._apply_filters)
        self.step_toggle.toggled.connect(self._apply_filters)

        # Two rows, so the panel fits a 1366-pixel laptop screen beside the other panels.
        bar = QGridLayout()
        for column, (text, widget) in enumerate(
            (
                (self.tr("&Maps:"), self.map_combo),
                (self.tr("&Pair:"), self.pair_combo),
                (self.tr("S&tatus:"), self.status_combo),
            )
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label, 0, 2 * column)
            bar.addWidget(widget, 0, 2 * column + 1)
        for combo in (self.map_combo, self.status_combo):
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        row = QHBoxLayout()
        row.addWidget(self.text_filter, 1)
        row.addWidget(self.step_toggle)
        row.addWidget(self.declare_button)
        bar.addLayout(row, 1, 0, 1, 6)
        bar.setColumnStretch(3, 1)
        bar.setColumnStretch(5, 1)
        return bar

    def _build_detail(self) -> QStackedWidget:
        pages = QStackedWidget()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint.setAccessibleName(self.tr("Conflict details"))
        pages.addWidget(self.hint)

        page = QWidget()
        self.heading = heading_label()
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.explanation.setAccessibleName(self.tr("Why the app flags this pair"))
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.status_edit = QComboBox()
        for status in CONFLICT_STATUSES:
            self.status_edit.addItem(status_text(status), status)
        self.status_edit.setAccessibleName(self.tr("What the group decided"))
        self.status_edit.currentIndexChanged.connect(self._on_status_edit_changed)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setAccessibleName(self.tr("The group's note"))
        self.note_edit.setPlaceholderText(self.tr("What the group said or agreed"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setUndoRedoEnabled(False)  # Ctrl+Z undoes the document
        lines = self.note_edit.fontMetrics().lineSpacing() * NOTE_LINES
        self.note_edit.setMinimumHeight(lines + 2 * self.note_edit.frameWidth() + 12)
        self.note_edit.textChanged.connect(self._on_note_edit_changed)
        self.typing.watch(self.note_edit)
        self.remove_button = QPushButton(self.tr("&Remove Declared Conflict"))
        self.remove_button.setAccessibleName(self.tr("Remove the declared conflict"))
        self.remove_button.clicked.connect(self.remove_declared)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        status_label = QLabel(self.tr("Stat&us:"))
        status_label.setBuddy(self.status_edit)
        note_label = QLabel(self.tr("&Note:"))
        note_label.setBuddy(self.note_edit)
        form.addRow(status_label, self.status_edit)
        form.addRow(note_label, self.note_edit)
        column = QVBoxLayout(page)
        column.setContentsMargins(6, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.explanation)
        column.addWidget(self.facts)
        column.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addStretch(1)
        pages.addWidget(page)

        gap_page = QWidget()
        self.gap_heading = heading_label()
        self.gap_explanation = QLabel()
        self.gap_explanation.setWordWrap(True)
        self.gap_explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.gap_explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.gap_explanation.setAccessibleName(self.tr("About the emotion gap"))
        gap_column = QVBoxLayout(gap_page)
        gap_column.setContentsMargins(6, 0, 0, 0)
        gap_column.addWidget(self.gap_heading)
        gap_column.addWidget(self.gap_explanation)
        gap_column.addStretch(1)
        pages.addWidget(gap_page)
        pages.setMinimumWidth(320)
        return pages

    PAGE_HINT, PAGE_CONFLICT, PAGE_GAP = range(3)

    # -- results ----------------------------------------------------------------------

    def show_result(self, result: AnalysisResult) -> None:
        """Show a new analysis: rows change in place, the picked conflict stays picked."""
        started = time.perf_counter()
        self.result = result
        self._refresh_rows()
        self._fill_pair_combo()
        self.update_ms = (time.perf_counter() - started) * 1000

    def _refresh_rows(self) -> None:
        """Rows from the last result and the live document; selection, detail and map mark
        follow."""
        if self.result is None:
            return
        workshop = self.document.workshop
        self._updating = True
        try:
            build, changes = self.row_builder, self.changes
            conflicts = build.conflicts(self.result.conflicts, workshop, changes)
            gaps = build.gaps(self.result.gaps, workshop, changes)
            changes.clear()
            self.conflicts.set_rows(conflicts)
            self.gaps.set_rows(gaps)
        finally:
            self._updating = False
        self._after_rows_changed(keep_wanted=True)

    def _fill_pair_combo(self) -> None:
        pairs = {row.pair for row in self.conflicts.rows} | {row.pair for row in self.gaps.rows}
        current = self.pair_combo.currentData()
        if current:
            pairs.add(current)
        wanted = ["", *sorted(pairs, key=str.casefold)]
        shown = [self.pair_combo.itemData(i) for i in range(self.pair_combo.count())]
        if wanted == shown:
            return
        self.pair_combo.blockSignals(True)
        self.pair_combo.clear()
        self.pair_combo.addItem(self.tr("All pairs"), "")
        for pair in wanted[1:]:
            self.pair_combo.addItem(pair, pair)
        self.pair_combo.setCurrentIndex(max(0, self.pair_combo.findData(current or "")))
        self.pair_combo.blockSignals(False)

    # -- filters ----------------------------------------------------------------------

    def filter_actor_pair(self, actor_a: str, actor_b: str) -> None:
        """Show only the conflicts and gaps between two actors (by name), as choosing the
        pair in the Pair filter does (the conflict matrix calls this)."""
        pair = PairLabels(self.document.workshop)[(actor_a, actor_b)]
        index = self.pair_combo.findData(pair)
        if index < 0:  # no row has this pair yet: the filter then shows none
            self.pair_combo.addItem(pair, pair)
            index = self.pair_combo.count() - 1
        self.pair_combo.setCurrentIndex(index)

    def _apply_filters(self, *_: object) -> None:
        this_map = self.map_combo.currentData() == THIS_MAP
        map_id = self.selection.map_id if this_map else None
        step = self.selection.step if self.step_toggle.isChecked() else ""
        text = self.text_filter.text()
        pair = self.pair_combo.currentData() or ""
        statuses = self.status_combo.currentData() or ()
        self._updating = True
        try:
            changed = self.conflict_filter.set_filters(map_id, pair, tuple(statuses), step, text)
            changed |= self.gap_filter.set_filters(map_id, pair, (), step, text)
        finally:
            self._updating = False
        self.conflict_table.setColumnHidden(ConflictTableModel.MAP, this_map)
        self.gap_table.setColumnHidden(GapTableModel.MAP, this_map)
        if changed:
            self._after_rows_changed(keep_wanted=False)
        else:
            self._update_counts()

    def _after_rows_changed(self, keep_wanted: bool) -> None:
        """Select the picked rows again where they show. A row the user filtered away is
        no longer picked; one an edit hid (a status the filter leaves out) stays picked."""
        if not keep_wanted:
            self.commit_note()
        for table, proxy, key in (
            (self.conflict_table, self.conflict_filter, self.wanted),
            (self.gap_table, self.gap_filter, self.wanted_gap),
        ):
            row = proxy.proxy_row_of(key) if key else -1
            if row < 0 and key and not keep_wanted:
                if table is self.conflict_table:
                    self.wanted = None
                else:
                    self.wanted_gap = ""
            self._select_row(table, row)
        self._update_counts()
        self._show_detail()
        self._show_on_map(bring=False)

    def _select_row(self, table: QTableView, row: int) -> None:
        model = table.selectionModel()
        selected = [index.row() for index in model.selectedRows()]
        if selected == ([row] if row >= 0 else []):
            return
        self._updating = True
        try:
            if row < 0:
                model.clearSelection()
            else:
                index = table.model().index(row, 0)
                model.setCurrentIndex(
                    index,
                    model.SelectionFlag.ClearAndSelect | model.SelectionFlag.Rows,
                )
                table.scrollTo(index)
        finally:
            self._updating = False

    def _update_counts(self) -> None:
        for index, proxy, title in (
            (0, self.conflict_filter, self.tr("Conflicts")),
            (1, self.gap_filter, self.tr("Emotion gaps")),
        ):
            shown, total = proxy.rowCount(), proxy.source().rowCount()
            count = str(total) if shown == total else self.tr("{0} of {1}").format(shown, total)
            text = f"{title} ({count})"
            if self.tabs.tabText(index) != text:  # Qt lays the tabs out and repaints anew
                self.tabs.setTabText(index, text)

    # -- picking rows -----------------------------------------------------------------

    def _key_selected(self, table: QTableView) -> Any:
        rows = table.selectionModel().selectedRows()
        if not rows:
            return None
        proxy = table.model()
        assert isinstance(proxy, RowsFilter)
        return proxy.key_at(rows[0].row())

    def _on_conflict_table_selection_changed(self, *_: QItemSelection) -> None:
        if self._updating:
            return
        key = self._key_selected(self.conflict_table)
        self.commit_note()
        self.wanted = key
        self._show_detail()
        self._show_on_map(bring=True)

    def _on_gap_table_selection_changed(self, *_: QItemSelection) -> None:
        if self._updating:
            return
        self.wanted_gap = self._key_selected(self.gap_table) or ""
        self._show_detail()
        self._show_on_map(bring=True)

    def _on_tabs_current_changed(self, index: int) -> None:
        self.commit_note()
        self._show_detail()
        self._show_on_map(bring=False)

    def select_conflict(self, key: tuple[str, str]) -> None:
        """Pick a conflict as clicking its row does (shows its tab, marks it on the map)."""
        self.tabs.setCurrentIndex(0)
        row = self.conflict_filter.proxy_row_of(pair_key(*key))
        if row >= 0:
            self.conflict_table.selectRow(row)

    def current_conflict(self) -> ConflictRow | None:
        return self.conflicts.conflict_row(self.wanted) if self.wanted else None

    def current_gap(self) -> GapRow | None:
        return self.gaps.gap_row(self.wanted_gap) if self.wanted_gap else None

    # -- the map ----------------------------------------------------------------------

    def _show_on_map(self, bring: bool) -> None:
        """Mark the picked conflict (or gap) on the canvas; with `bring`, also show its map
        and bring both cards into view."""
        steps: tuple[str, str] | None = None
        label = ""
        map_id = ""
        if self.tabs.currentIndex() == 0 and (row := self.current_conflict()) is not None:
            conflict = row.conflict
            steps, map_id = conflict.steps, conflict.map_id
            what = conflict.dimension or self.tr("declared")
            label = f"{row.actors}: {what}"
        elif self.tabs.currentIndex() == 1 and (gap := self.current_gap()) is not None:
            steps, map_id = (gap.key, gap.key), gap.gap.map_id
            label = self.tr("Emotion gap of {0}").format(gap.gap.gap)
        if steps is None:
            self.scene.clear_tension()
            return
        if bring and map_id != self.selection.map_id:
            self.selection.show_map(map_id)
        tension = self.scene.show_tension(steps[0], steps[1], label)
        if bring and tension is not None:
            rect = QRectF()
            for mark in tension.marks:
                rect = rect.united(mark)
            bring_into_view(self.view, rect.united(tension.label_rect()))

    def _on_selection_changed(self) -> None:
        if self.step_toggle.isChecked():
            self._apply_filters()

    def _on_selection_map_changed(self, map_id: str) -> None:
        self._apply_filters()
        self._show_on_map(bring=False)

    # -- the detail -------------------------------------------------------------------

    def _show_detail(self) -> None:
        if self.tabs.currentIndex() == 1:
            gap = self.current_gap()
            if gap is None:
                self._show_hint(self.tr("Select an emotion gap to see who feels what there."))
                return
            self.gap_heading.setText(
                self.tr("Emotion gap of {0}: {1}").format(gap.gap.gap, gap.step_text)
            )
            self.gap_explanation.setText(gap.gap.explanation)
            self.detail.setCurrentIndex(self.PAGE_GAP)
            return
        row = self.current_conflict()
        if row is None:
            self._show_hint(
                self.tr(
                    "Select a conflict to see why the app flags it, and to record what the "
                    "group decided about it."
                )
            )
            self._note_key = None
            return
        conflict = row.conflict
        what = conflict.dimension or self.tr("needs about different things")
        self.heading.setText(f"{row.actors}: {what}")
        self.explanation.setText(conflict.explanation)
        hidden = self.conflict_filter.proxy_row_of(row.key) < 0
        facts = self.tr("Severity {0} · {1} · map {2}").format(
            format_number(conflict.severity), source_text(conflict.source), conflict.map_name
        )
        if hidden:
            facts += " · " + self.tr("hidden by the filters")
        self.facts.setText(facts)
        self.status_edit.blockSignals(True)
        self.status_edit.setCurrentIndex(max(0, self.status_edit.findData(row.status)))
        self.status_edit.blockSignals(False)
        # The note as the document has it now: the analysis result lags behind typing.
        record = self.document.workshop.conflicts.get(row.key)
        note = record.note if record is not None else ""
        if self._note_key != row.key:
            self._note_key = row.key
            self.typing.end()
            self.note_edit.blockSignals(True)
            self.note_edit.setPlainText(note)
            self.note_edit.blockSignals(False)
        else:
            self.note_edit.blockSignals(True)
            set_text_if_changed(self.note_edit, note)
            self.note_edit.blockSignals(False)
        self.remove_button.setVisible(row.declared)  # the record, live: results lag a moment
        self.detail.setCurrentIndex(self.PAGE_CONFLICT)
        self._update_enabled()

    def _show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.detail.setCurrentIndex(self.PAGE_HINT)

    def _update_enabled(self, *_: object) -> None:
        editable = not self.document.read_only
        for widget in (self.status_edit, self.note_edit, self.remove_button, self.declare_button):
            widget.setEnabled(editable)

    def _on_document_conflict_status_changed(self, a: str, b: str) -> None:
        self.changes.records.add((a, b))
        self._refresh_rows()

    def _on_document_actors_changed(self, actor_id: str) -> None:
        self.changes.all = True  # names and the order of the pairs

    # -- recording what the group decided ---------------------------------------------

    def _push(self, command_of: Callable[[], QUndoCommand]) -> bool:
        try:
            command = command_of()
        except WorkshopError as error:
            show_error(self.error, str(error))
            return False
        show_error(self.error, "")
        self.document.push(command)
        return True

    def _on_status_edit_changed(self, index: int) -> None:
        row = self.current_conflict()
        status = self.status_edit.itemData(index)
        if row is None or status == row.status:
            return
        self.commit_note()
        self._push(lambda: edits.record_conflict(self.document, *row.key, status=status))

    def _on_note_edit_changed(self) -> None:
        """Record the note as it is typed; one visit to the field is one undo step."""
        key = self._note_key
        if key is None or self.document.read_only:
            return
        text = self.note_edit.toPlainText()
        record = self.document.workshop.conflicts.get(key)
        if (record.note if record is not None else "") != text:
            command = edits.record_conflict(self.document, *key, note=text, merge=True)
            self.document.push(self.typing.merging(command))

    def commit_note(self) -> None:
        """The next typing in the note is a new undo step (the typed text is recorded)."""
        self.typing.end()

    def remove_declared(self) -> None:
        row = self.current_conflict()
        if row is not None:
            self.commit_note()
            self._push(lambda: edits.declare_conflict(self.document, *row.key, False))

    def declare_conflict(self) -> None:
        """Ask for two needs of the shown map and declare them in conflict."""
        note = self.document.workshop.notes.get(self.selection.note)
        preselect = note.id if note is not None and note.kind == "need" else ""
        pair = ask_for_pair(self, self.document, self.selection.map_id, preselect)
        if pair is None:
            return
        if self._push(lambda: edits.declare_conflict(self.document, *pair, True)):
            self.tabs.setCurrentIndex(0)
            self.wanted = pair_key(*pair)
            self._after_rows_changed(keep_wanted=True)

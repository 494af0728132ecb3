"""Table models of the conflicts panel: one row per conflict or emotion gap, kept by diffs.

Rows are plain frozen records built from the latest `AnalysisResult` and the live document
(for the needs' and steps' words and the group's status and note). The models sort
themselves, in Python: `QSortFilterProxyModel` sorting calls `data()` through Python for
every comparison, about 40,000 calls (170 ms) for 800 rows, where `sorted()` takes well
under a millisecond. An update compares the new rows with the shown ones and emits only
row removals, insertions and changes, so selections survive and the filter proxy on top
re-checks only the rows that changed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, ClassVar, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from app.analysis import Conflict, EmotionGap, format_number, format_rating
from app.model import CONFLICT_STATUSES, Workshop, pair_key

ARROWS = " ↔ "
STEP_TEXT_CHARS = 28
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
RESET_ABOVE = 400  # more changed rows than this (and than half the rows): reset instead
Index = QModelIndex | QPersistentModelIndex

# Light row tints by status, always together with the status in words.
STATUS_TINTS = {
    "discussed": QColor("#FFF6D6"),
    "resolved": QColor("#E3F4E6"),
    "trade-off accepted": QColor("#EEE8F6"),
    "not a conflict": QColor("#EDEDED"),
}
MUTED_TEXT = QColor("#3D4350")
STATUS_ORDER = {status: i for i, status in enumerate(CONFLICT_STATUSES)}
STILL_OPEN = ("open", "discussed")


def tr(text: str) -> str:
    return QCoreApplication.translate("ConflictsPanel", text)


def status_text(status: str) -> str:
    """A status in the words the panel shows (translated)."""
    return tr(status)


def source_text(source: str) -> str:
    return tr(source)


def short(text: str, chars: int = STEP_TEXT_CHARS) -> str:
    """`text` on one line, cut to `chars` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= chars else line[: chars - 1].rstrip() + "…"


class PairLabels(dict):
    """The unordered pair of two actors as the pair filter lists it, in workshop order:
    `labels[names]`, remembered per pair of names."""

    def __init__(self, workshop: Workshop) -> None:
        super().__init__()
        self.order = {actor.name: i for i, actor in enumerate(workshop.actors.values())}

    def __missing__(self, names: tuple[str, str]) -> str:
        order = self.order
        first, second = sorted(names, key=lambda n: (order.get(n, len(order)), n))
        label = self[names] = f"{first}{ARROWS}{second}"
        return label


class ConflictRow(NamedTuple):
    """One conflict as the table shows it (a tuple: quick to build and compare)."""

    key: tuple[str, str]
    conflict: Conflict
    need_a: str
    need_b: str
    step_a: str
    step_b: str
    pair: str  # the unordered actor pair, for the pair filter
    status: str  # live from the document's record
    note: str
    declared: bool  # live: the record says declared (the result may lag a moment)

    @property
    def actors(self) -> str:
        return ARROWS.join(self.conflict.actors)

    @property
    def steps_text(self) -> str:
        if self.conflict.steps[0] == self.conflict.steps[1]:
            return short(self.step_a, 2 * STEP_TEXT_CHARS)
        return f"{short(self.step_a)} / {short(self.step_b)}"

    def search_text(self) -> str:
        """What the text filter looks in: needs, dimension, actors, explanation."""
        parts = (self.need_a, self.need_b, self.conflict.dimension, self.actors)
        return "\n".join((*parts, self.conflict.explanation)).casefold()


class GapRow(NamedTuple):
    """One emotion gap as the table shows it."""

    key: str  # the step
    gap: EmotionGap
    step_text: str
    pair: str

    def search_text(self) -> str:
        gap = self.gap
        return "\n".join((self.step_text, *gap.actors, gap.explanation)).casefold()


class Changes:
    """What changed in the document since rows were last built: the notes, steps and
    records whose words or status a row shows, or everything (`all`)."""

    def __init__(self) -> None:
        self.notes: set[str] = set()
        self.steps: set[str] = set()
        self.records: set[tuple[str, str]] = set()
        self.all = True

    def clear(self) -> None:
        self.notes.clear()
        self.steps.clear()
        self.records.clear()
        self.all = False


class RowBuilder:
    """Builds the rows of each result, reusing the previous row of every conflict or gap
    that is unchanged (equal, and none of its words or its record changed since): the
    comparison costs a fraction of building a row."""

    def __init__(self) -> None:
        self._conflicts: dict[tuple[str, str], ConflictRow] = {}
        self._gaps: dict[str, GapRow] = {}

    def conflicts(
        self, conflicts: Sequence[Conflict], workshop: Workshop, changes: Changes
    ) -> list[ConflictRow]:
        notes, steps, records = workshop.notes, workshop.steps, workshop.conflicts
        labels = PairLabels(workshop)
        old = {} if changes.all else self._conflicts
        new: dict[tuple[str, str], ConflictRow] = {}
        changed_notes, changed_steps = changes.notes, changes.steps
        changed_records = changes.records
        for conflict in conflicts:
            key = pair_key(conflict.a, conflict.b)
            row = old.get(key)
            if (
                row is None
                or row.conflict != conflict
                or conflict.a in changed_notes
                or conflict.b in changed_notes
                or conflict.steps[0] in changed_steps
                or conflict.steps[1] in changed_steps
                or key in changed_records
            ):
                first, second = notes.get(conflict.a), notes.get(conflict.b)
                step_a, step_b = steps.get(conflict.steps[0]), steps.get(conflict.steps[1])
                record = records.get(key)
                row = ConflictRow(
                    key,
                    conflict,
                    first.text if first is not None else "",
                    second.text if second is not None else "",
                    step_a.text if step_a is not None else "",
                    step_b.text if step_b is not None else "",
                    labels[conflict.actors],
                    record.status if record is not None else "open",
                    record.note if record is not None else "",
                    record.declared if record is not None else False,
                )
            new[key] = row
        self._conflicts = new
        return list(new.values())

    def gaps(
        self, gaps: Sequence[EmotionGap], workshop: Workshop, changes: Changes
    ) -> list[GapRow]:
        steps = workshop.steps
        labels = PairLabels(workshop)
        old = {} if changes.all else self._gaps
        new: dict[str, GapRow] = {}
        for gap in gaps:
            row = old.get(gap.step)
            if row is None or row.gap != gap or gap.step in changes.steps:
                step = steps.get(gap.step)
                row = GapRow(gap.step, gap, step.text if step else "", labels[gap.actors])
            new[gap.step] = row
        self._gaps = new
        return list(new.values())


class RowsModel(QAbstractTableModel):
    """A table of frozen rows with a `key`, sorted in Python and updated by diffs.

    Subclasses name their columns and say what each cell shows and sorts by.
    """

    HEADERS: ClassVar[tuple[str, ...]] = ()
    DEFAULT_SORT: ClassVar[tuple[int, Qt.SortOrder]] = (0, Qt.SortOrder.DescendingOrder)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self._row_of: dict[Any, int] = {}
        self._places: dict[Any, tuple] = {}
        self.sort_column, self.sort_order = self.DEFAULT_SORT
        self.last_update_ms = 0.0

    # -- what subclasses say ----------------------------------------------------------

    def display(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def sort_value(self, row: Any, column: int) -> Any:
        return self.display(row, column).casefold()

    def tooltip(self, row: Any, column: int) -> str | None:
        return None

    def background(self, row: Any) -> QColor | None:
        return None

    def facts(self, row: Any) -> tuple[str | None, tuple[str, ...], str, str]:
        """What the filters look at: the row's map, steps, status and actor pair."""
        return (None, (), "", "")

    def search_text(self, row: Any) -> str:
        """What the word filter looks in, case-folded."""
        return "\n".join(self.display(row, c) for c in range(len(self.HEADERS))).casefold()

    # -- reading ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row)
        if role == SORT_ROLE:
            return self.sort_value(row, column)
        if role == KEY_ROLE:
            return row.key
        return self.extra_data(row, column, role)

    def extra_data(self, row: Any, column: int, role: int) -> Any:
        return None

    def row_of(self, key: Any) -> int:
        """The row showing `key`, or -1."""
        return self._row_of.get(key, -1)

    def key_at(self, row: int) -> Any:
        return self.rows[row].key

    # -- sorting ----------------------------------------------------------------------

    def _placements(self, rows: Sequence[Any]) -> dict[Any, tuple]:
        """What decides each row's place, by key: its sort value and its place in the
        spec's order. Rows that keep theirs keep their order among each other."""
        column, value, spec = self.sort_column, self.sort_value, self.spec_key
        return {row.key: (value(row, column), spec(row)) for row in rows}

    def _sorted(self, rows: Sequence[Any], places: dict[Any, tuple]) -> list[Any]:
        """`rows` (given in the spec's order) sorted by the sort column; ties keep the
        spec's order, whichever way the column is sorted."""
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=lambda r: places[r.key][0], reverse=descending)

    def spec_key(self, row: Any) -> tuple:
        raise NotImplementedError

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.HEADERS):
            return
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        keys = [self.rows[i.row()].key for i in persistent]
        spec = sorted(self.rows, key=self.spec_key)
        self._places = self._placements(spec)
        self.rows = self._sorted(spec, self._places)
        self._reindex()
        self.changePersistentIndexList(
            persistent,
            [
                self.index(self._row_of[k], i.column())
                for k, i in zip(keys, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    # -- updating ---------------------------------------------------------------------

    def _reindex(self) -> None:
        self._row_of = {row.key: i for i, row in enumerate(self.rows)}

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show `rows` (in the spec's order): emits removals, insertions and changes only.

        A row object shown already (the same object) keeps its place without a look.
        """
        started = time.perf_counter()
        old, shown, row_of = self._places, self.rows, self._row_of
        if len(rows) == len(shown) and all(
            (index := row_of.get(row.key)) is not None and shown[index] is row for row in rows
        ):
            self.last_update_ms = (time.perf_counter() - started) * 1000
            return  # the very rows shown: nothing to say
        column, value, spec = self.sort_column, self.sort_value, self.spec_key
        places = {}
        for row in rows:
            index = row_of.get(row.key)
            if index is not None and shown[index] is row:
                places[row.key] = old[row.key]
            else:
                places[row.key] = (value(row, column), spec(row))
        target = self._sorted(rows, places)
        gone = []
        for i, row in enumerate(shown):
            place = places.get(row.key)
            if place is None or (place is not old[row.key] and place != old[row.key]):
                gone.append(i)
        kept = len(shown) - len(gone)
        if len(gone) + len(target) - kept > max(RESET_ABOVE, len(target) // 2):
            self.beginResetModel()
            self.rows = target
            self._reindex()
            self.endResetModel()
        else:
            self._remove(gone)
            self._insert_and_change(target)
        self._places = places
        self.last_update_ms = (time.perf_counter() - started) * 1000

    def _remove(self, rows: list[int]) -> None:
        """Remove rows (ascending indexes), a block of neighbours at a time, bottom first."""
        root = QModelIndex()
        end = len(rows)
        while end > 0:
            start = end - 1
            while start > 0 and rows[start - 1] == rows[start] - 1:
                start -= 1
            first, last = rows[start], rows[end - 1]
            self.beginRemoveRows(root, first, last)
            del self.rows[first : last + 1]
            self.endRemoveRows()
            end = start
        if rows:
            self._reindex()

    def _insert_and_change(self, target: list[Any]) -> None:
        """Insert the rows of `target` not shown yet and replace changed ones; the shown
        rows are already in `target`'s order."""
        root = QModelIndex()
        shown = {row.key for row in self.rows}
        changed: list[int] = []
        inserted = False
        i = 0
        while i < len(target):
            if i < len(self.rows) and self.rows[i].key == target[i].key:
                if self.rows[i] is not target[i] and self.rows[i] != target[i]:
                    self.rows[i] = target[i]
                    changed.append(i)
                i += 1
                continue
            j = i
            while j < len(target) and target[j].key not in shown:
                j += 1
            assert j > i, "shown rows out of order"
            self.beginInsertRows(root, i, j - 1)
            self.rows[i:i] = target[i:j]
            self.endInsertRows()
            inserted = True
            i = j
        if inserted:
            self._reindex()
        last_column = len(self.HEADERS) - 1
        start = 0
        while start < len(changed):
            end = start
            while end + 1 < len(changed) and changed[end + 1] == changed[end] + 1:
                end += 1
            self.dataChanged.emit(
                self.index(changed[start], 0), self.index(changed[end], last_column)
            )
            start = end + 1


class ConflictTableModel(RowsModel):
    """Conflicts: severity, actors, dimension, both needs, their steps, source, status, map."""

    SEVERITY, ACTORS, DIMENSION, NEED_A, NEED_B, STEPS, SOURCE, STATUS, MAP = range(9)
    HEADERS: ClassVar[tuple[str, ...]] = (
        "Severity",
        "Actors",
        "Dimension",
        "Need A",
        "Need B",
        "Steps",
        "Source",
        "Status",
        "Map",
    )
    DEFAULT_SORT: ClassVar[tuple[int, Qt.SortOrder]] = (0, Qt.SortOrder.DescendingOrder)

    def display(self, row: ConflictRow, column: int) -> str:
        c = row.conflict
        if column == self.SEVERITY:
            return format_number(c.severity)
        if column == self.ACTORS:
            return row.actors
        if column == self.DIMENSION:
            return c.dimension or tr("(different things)")
        if column == self.NEED_A:
            return row.need_a
        if column == self.NEED_B:
            return row.need_b
        if column == self.STEPS:
            return row.steps_text
        if column == self.SOURCE:
            return source_text(c.source)
        if column == self.STATUS:
            return status_text(row.status)
        return c.map_name

    def sort_value(self, row: ConflictRow, column: int) -> Any:
        if column == self.SEVERITY:
            return row.conflict.severity
        if column == self.STATUS:
            return STATUS_ORDER.get(row.status, len(STATUS_ORDER))
        return self.display(row, column).casefold()

    def spec_key(self, row: ConflictRow) -> tuple:
        return (-row.conflict.severity, row.key)

    def facts(self, row: ConflictRow) -> tuple[str | None, tuple[str, ...], str, str]:
        return (row.conflict.map_id, row.conflict.steps, row.status, row.pair)

    def search_text(self, row: ConflictRow) -> str:
        return row.search_text()

    def tooltip(self, row: ConflictRow, column: int) -> str | None:
        c = row.conflict
        if column == self.NEED_A:
            return f"{c.actors[0]}: {row.need_a}"
        if column == self.NEED_B:
            return f"{c.actors[1]}: {row.need_b}"
        if column == self.STEPS:
            return f"{row.step_a}\n{row.step_b}" if c.steps[0] != c.steps[1] else row.step_a
        return c.explanation

    def background(self, row: ConflictRow) -> QColor | None:
        return STATUS_TINTS.get(row.status)

    def extra_data(self, row: ConflictRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SEVERITY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "not a conflict":
            return MUTED_TEXT
        if role == Qt.ItemDataRole.FontRole and row.status == "not a conflict":
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{tr(self.HEADERS[column])}: {self.display(row, column)}"
        return None

    def conflict_row(self, key: tuple[str, str]) -> ConflictRow | None:
        index = self.row_of(key)
        return self.rows[index] if index >= 0 else None


class GapTableModel(RowsModel):
    """Emotion gaps: the gap, the step, the lowest and the highest rating, the map."""

    GAP, STEP, LOWEST, HIGHEST, MAP = range(5)
    HEADERS: ClassVar[tuple[str, ...]] = ("Gap", "Step", "Lowest rating", "Highest rating", "Map")

    def display(self, row: GapRow, column: int) -> str:
        g = row.gap
        if column == self.GAP:
            return str(g.gap)
        if column == self.STEP:
            return short(row.step_text, 2 * STEP_TEXT_CHARS)
        if column == self.LOWEST:
            return f"{g.actors[0]} {format_rating(g.low)}"
        if column == self.HIGHEST:
            return f"{g.actors[1]} {format_rating(g.high)}"
        return g.map_name

    def sort_value(self, row: GapRow, column: int) -> Any:
        if column == self.GAP:
            return row.gap.gap
        if column == self.LOWEST:
            return row.gap.low
        if column == self.HIGHEST:
            return row.gap.high
        return self.display(row, column).casefold()

    def spec_key(self, row: GapRow) -> tuple:
        return (-row.gap.gap, row.key)

    def facts(self, row: GapRow) -> tuple[str | None, tuple[str, ...], str, str]:
        return (row.gap.map_id, (row.key,), "", row.pair)

    def search_text(self, row: GapRow) -> str:
        return row.search_text()

    def tooltip(self, row: GapRow, column: int) -> str | None:
        return row.gap.explanation

    def extra_data(self, row: GapRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.GAP:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{tr(self.HEADERS[column])}: {self.display(row, column)}"
        return None

    def gap_row(self, key: str) -> GapRow | None:
        index = self.row_of(key)
        return self.rows[index] if index >= 0 else None


class RowsFilter(QSortFilterProxyModel):
    """Filters the rows of a `RowsModel` by map, actor pair, status, step and words.

    Sorting is passed on to the source model (see the module docstring), so the proxy
    keeps the source's order and only filters.
    """

    def __init__(self, source: RowsModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setDynamicSortFilter(True)
        self.map_id: str | None = None  # None: every map
        self.pair = ""  # "": every pair
        self.statuses: tuple[str, ...] = ()  # (): every status
        self.step = ""  # "": every step
        self.words: list[str] = []

    def source(self) -> RowsModel:
        model = self.sourceModel()
        assert isinstance(model, RowsModel)
        return model

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def set_filters(
        self,
        map_id: str | None,
        pair: str,
        statuses: tuple[str, ...],
        step: str,
        text: str,
    ) -> bool:
        """Filter by these; True when that changed what passes."""
        words = text.casefold().split()
        new = (map_id, pair, statuses, step, words)
        if new == (self.map_id, self.pair, self.statuses, self.step, self.words):
            return False
        self.beginFilterChange()
        self.map_id, self.pair, self.statuses, self.step, self.words = new
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self.accepts(self.source().rows[source_row])

    def accepts(self, row: Any) -> bool:
        map_id, steps, status, pair = self.source().facts(row)
        if self.map_id is not None and map_id != self.map_id:
            return False
        if self.pair and pair != self.pair:
            return False
        if self.statuses and status and status not in self.statuses:
            return False
        if self.step and self.step not in steps:
            return False
        if self.words:
            text = self.source().search_text(row)
            return all(word in text for word in self.words)
        return True

    def key_at(self, proxy_row: int) -> Any:
        return self.source().key_at(self.mapToSource(self.index(proxy_row, 0)).row())

    def proxy_row_of(self, key: Any) -> int:
        """The shown row of `key`, or -1 when it is filtered out or gone."""
        source_row = self.source().row_of(key)
        if source_row < 0:
            return -1
        return self.mapFromSource(self.source().index(source_row, 0)).row()

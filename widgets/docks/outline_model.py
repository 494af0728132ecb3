"""The outline's item model: maps, stages, lanes, steps and notes as rows, kept up to date."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap, QUndoCommand

from app import edits
from app.document import Document
from app.errors import WorkshopError
from app.model import JourneyMap, Note, Step
from widgets.docks import outline_rows as rows

MAP, STAGE, LANE, STEP, NOTE = "map", "stage", "lane", "step", "note"
Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()
REBUILD_BUDGET = 300  # row changes x persistent rows above which a map is rebuilt whole
_TEXT_ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.DecorationRole,
]


class Node:
    """One row: its kind, the id of what it shows, a unique key, and its cached text.

    Keys: ("map", map id), ("stage", stage id), ("lane", stage id, actor id),
    ("step", step id), ("note", note id).
    """

    __slots__ = ("children", "item", "key", "kind", "parent", "text", "uid")

    def __init__(self, kind: str, item: str, key: tuple[str, ...], parent: Node | None) -> None:
        self.kind = kind
        self.item = item
        self.key = key
        self.parent = parent
        self.children: list[Node] = []
        self.text: str | None = None
        self.uid = 0

    def row(self) -> int:
        assert self.parent is not None
        return self.parent.children.index(self)


def _position(step: Step) -> tuple[float, float]:
    """Reading order inside a cell: top to bottom, then left to right."""
    return (step.y, step.x)


class OutlineModel(QAbstractItemModel):
    """The workshop as a tree, kept up to date from the document's signals.

    Changes are collected while a command runs and applied when it is done (`flush`):
    one command may delete hundreds of steps and notes, one signal each.

    Signals:
        edit_failed(title, message): an edit typed into the tree was refused.
        synced(rows_moved): the rows caught up with the document; rows_moved is True when
            rows were added, removed, moved or rebuilt (not only re-texted).
    """

    edit_failed = Signal(str, str)
    synced = Signal(bool)

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.root = Node("root", "", ("root",), None)
        self.busy = 0  # > 0 while rows are being inserted, removed or moved
        self._uids = count(1)
        self._nodes: dict[int, Node] = {}
        self._by_key: dict[tuple[str, ...], Node] = {}
        self._icons: dict[str, QIcon] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._dirty_maps: dict[str, None] = {}
        self._dirty_steps: dict[str, None] = {}
        self._dirty_notes: dict[str, None] = {}
        self._stale_texts = False
        self._rows_moved = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self.flush)
        self._build()
        doc = document
        for signal in (doc.step_added, doc.step_removed, doc.step_changed):
            signal.connect(self._on_document_step_touched)
        for signal in (doc.note_added, doc.note_removed, doc.note_changed):
            signal.connect(self._on_document_note_touched)
        for signal in (doc.map_added, doc.map_removed, doc.map_changed):
            signal.connect(self._on_document_map_touched)
        doc.actor_changed.connect(self._on_document_actor_changed)
        doc.undo_stack.indexChanged.connect(self.flush)

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.beginResetModel()
        self.root.children.clear()
        self._nodes.clear()
        self._by_key.clear()
        for journey_map in self.document.workshop.maps:
            self.root.children.append(self._make_map(journey_map))
        self.endResetModel()

    def _new(self, kind: str, item: str, key: tuple[str, ...], parent: Node) -> Node:
        node = Node(kind, item, key, parent)
        node.uid = next(self._uids)
        self._nodes[node.uid] = node
        self._by_key[key] = node
        return node

    def _forget(self, node: Node) -> None:
        stack = [node]
        while stack:
            current = stack.pop()
            self._nodes.pop(current.uid, None)
            if self._by_key.get(current.key) is current:
                del self._by_key[current.key]
            stack.extend(current.children)

    def _make_map(self, journey_map: JourneyMap) -> Node:
        node = self._new(MAP, journey_map.id, (MAP, journey_map.id), self.root)
        cells: dict[tuple[str, str], list[Step]] = {}
        for step in self.document.workshop.steps_of(journey_map.id):
            cells.setdefault((step.stage, step.actor), []).append(step)
        for stage in journey_map.stages:
            stage_node = self._new(STAGE, stage.id, (STAGE, stage.id), node)
            node.children.append(stage_node)
            for lane in journey_map.lanes:
                steps = cells.get((stage.id, lane.actor))
                if not steps:
                    continue
                lane_node = self._new(LANE, lane.actor, (LANE, stage.id, lane.actor), stage_node)
                stage_node.children.append(lane_node)
                for step in sorted(steps, key=_position):
                    lane_node.children.append(self._make_step(step, lane_node))
        return node

    def _make_step(self, step: Step, parent: Node) -> Node:
        node = self._new(STEP, step.id, (STEP, step.id), parent)
        node.children = [
            self._new(NOTE, note.id, (NOTE, note.id), node)
            for note in self.document.notes_of(step.id)
        ]
        return node

    # -- looking up -------------------------------------------------------------------

    def node(self, index: Index) -> Node | None:
        """The row's node (None for the invisible root or a stale index)."""
        return self._nodes.get(index.internalId()) if index.isValid() else None

    def index_of(self, node: Node) -> QModelIndex:
        if node is self.root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node.uid)

    def index_for(self, kind: str, *ids: str) -> QModelIndex:
        """The row of an item: ("step", id), ("lane", stage id, actor id), ...; or invalid."""
        node = self._by_key.get((kind, *ids))
        return self.index_of(node) if node is not None else QModelIndex()

    def nodes(self) -> Iterator[Node]:
        return iter(self._nodes.values())

    def map_of(self, node: Node) -> str:
        while node.kind != MAP:
            assert node.parent is not None
            node = node.parent
        return node.item

    # -- QAbstractItemModel -----------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = _NO_INDEX) -> QModelIndex:
        node = self.node(parent) if parent.isValid() else self.root
        if node is None or column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row].uid)

    def parent(self, index: Index = _NO_INDEX) -> QModelIndex:  # type: ignore[override]
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.index_of(node.parent)

    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        node = self.node(parent) if parent.isValid() else self.root
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self.node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if node.kind != MAP and not self.document.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        node = self.node(index)
        if node is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if role == Qt.ItemDataRole.EditRole:
            return self._raw_text(node)
        if role == Qt.ItemDataRole.DecorationRole and node.kind in (LANE, STEP):
            return self._actor_icon(node)
        if role == Qt.ItemDataRole.FontRole and node.kind == MAP:
            return self._bold
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.EditRole or self.document.read_only:
            return False
        try:
            command = self._edit_command(node, str(value))
        except WorkshopError as error:
            titles = {
                STEP: self.tr("Could not change the step"),
                NOTE: self.tr("Could not change the note"),
                STAGE: self.tr("Could not rename the stage"),
                LANE: self.tr("Could not rename the lane"),
            }
            self.edit_failed.emit(titles.get(node.kind, ""), str(error))
            return False
        if command is None:
            return False
        self.document.push(command)
        return True

    def _edit_command(self, node: Node, text: str) -> QUndoCommand | None:
        """The undo command that gives the row's item the typed text (None: no change)."""
        doc, workshop = self.document, self.document.workshop
        if text == self._raw_text(node):
            return None
        if node.kind == STEP:
            if not text.strip():
                raise edits.EditError(self.tr("A step needs some text."))
            return edits.edit_step(doc, node.item, text=text)
        if node.kind == NOTE:
            return edits.edit_note(doc, node.item, text=text)
        if node.kind == STAGE:
            return edits.rename_stage(doc, self.map_of(node), node.item, text)
        if node.kind == LANE and node.item in workshop.actors:
            return edits.edit_actor(doc, node.item, name=text)
        return None

    # -- texts ------------------------------------------------------------------------

    def text(self, node: Node) -> str:
        """What the row says, written to be read aloud."""
        if node.text is None:
            node.text = self._describe(node)
        return node.text

    def _describe(self, node: Node) -> str:
        workshop = self.document.workshop
        if node.kind == MAP:
            journey_map = workshop.map(node.item)
            steps = sum(len(lane.children) for stage in node.children for lane in stage.children)
            return rows.map_text(journey_map.name if journey_map else node.item, steps)
        if node.kind == STAGE:
            journey_map = workshop.map(self.map_of(node))
            if journey_map is None:
                return node.item
            stage = journey_map.stage(node.item)
            return rows.stage_text(
                journey_map.stage_index(node.item) + 1,
                len(journey_map.stages),
                stage.name if stage else node.item,
            )
        if node.kind == LANE:
            return rows.lane_text(workshop, node.item, len(node.children))
        if node.kind == STEP:
            step = workshop.steps.get(node.item)
            return rows.step_text(workshop, step, self.document.notes_of(step.id)) if step else ""
        note = workshop.notes.get(node.item)
        return rows.note_text(workshop, note) if note else ""

    def _tooltip(self, node: Node) -> str:
        step = self.document.workshop.steps.get(node.item) if node.kind == STEP else None
        if step is not None and step.description.strip():
            return f"{self.text(node)}\n\n{step.description.strip()}"
        return self.text(node)

    def _raw_text(self, node: Node) -> str:
        """The words F2 edits: a step's or note's text, a stage's or lane's name."""
        workshop = self.document.workshop
        if node.kind == STEP and (step := workshop.steps.get(node.item)):
            return step.text
        if node.kind == NOTE and (note := workshop.notes.get(node.item)):
            return note.text
        if node.kind == LANE and (actor := workshop.actors.get(node.item)):
            return actor.name
        if node.kind == STAGE and (journey_map := workshop.map(self.map_of(node))):
            stage = journey_map.stage(node.item)
            return stage.name if stage else ""
        return ""

    def _actor_icon(self, node: Node) -> QIcon | None:
        workshop = self.document.workshop
        actor_id = node.item
        if node.kind == STEP:
            step = workshop.steps.get(node.item)
            actor_id = step.actor if step else ""
        actor = workshop.actors.get(actor_id)
        if actor is None:
            return None
        if actor.colour not in self._icons:
            pixmap = QPixmap(12, 12)
            pixmap.fill(QColor(actor.colour))
            self._icons[actor.colour] = QIcon(pixmap)
        return self._icons[actor.colour]

    def _retext(self, *nodes: Node | None) -> None:
        for node in nodes:
            if node is not None and self._nodes.get(node.uid) is node:
                node.text = None
                index = self.index_of(node)
                self.dataChanged.emit(index, index, _TEXT_ROLES)

    # -- row edits --------------------------------------------------------------------

    def _insert(self, parent: Node, row: int, node: Node) -> None:
        self.busy += 1
        try:
            self._rows_moved = True
            self.beginInsertRows(self.index_of(parent), row, row)
            parent.children.insert(row, node)
            self.endInsertRows()
        finally:
            self.busy -= 1

    def _remove(self, node: Node) -> None:
        parent = node.parent
        assert parent is not None
        self.busy += 1
        try:
            self._rows_moved = True
            row = node.row()
            self.beginRemoveRows(self.index_of(parent), row, row)
            del parent.children[row]
            self._forget(node)
            self.endRemoveRows()
        finally:
            self.busy -= 1

    def _move(self, node: Node, target: Node, row: int) -> None:
        """Move a row (with its children) to position `row` of `target`'s children."""
        source = node.parent
        assert source is not None
        old_row = node.row()
        if target is source and row == old_row:
            return
        destination = row + 1 if target is source and row > old_row else row
        self.busy += 1
        try:
            self._rows_moved = True
            self.beginMoveRows(
                self.index_of(source), old_row, old_row, self.index_of(target), destination
            )
            del source.children[old_row]
            target.children.insert(row, node)
            node.parent = target
            self.endMoveRows()
        finally:
            self.busy -= 1

    def _map_node(self, map_id: str) -> Node | None:
        return self._by_key.get((MAP, map_id))

    def _lane_for(self, step: Step) -> Node | None:
        """The lane row a step belongs in, added to its stage when missing."""
        stage_node = self._by_key.get((STAGE, step.stage))
        journey_map = self.document.workshop.map(step.map)
        if stage_node is None or journey_map is None or self.map_of(stage_node) != step.map:
            return None
        lane_node = self._by_key.get((LANE, step.stage, step.actor))
        if lane_node is not None:
            return lane_node
        order = {lane.actor: i for i, lane in enumerate(journey_map.lanes)}
        if step.actor not in order:
            return None
        mine = order[step.actor]
        row = sum(1 for child in stage_node.children if order.get(child.item, -1) < mine)
        lane_node = self._new(LANE, step.actor, (LANE, step.stage, step.actor), stage_node)
        self._insert(stage_node, row, lane_node)
        return lane_node

    def _step_row(self, lane_node: Node, step: Step, moving: Node | None = None) -> int:
        steps = self.document.workshop.steps
        key = _position(step)
        return sum(
            1
            for child in lane_node.children
            if child is not moving and (other := steps.get(child.item)) and _position(other) <= key
        )

    def _note_row(self, step_node: Node, note: Note, moving: Node | None = None) -> int:
        order = {n.id: i for i, n in enumerate(self.document.notes_of(note.step))}
        mine = order.get(note.id, len(order))
        return sum(
            1 for c in step_node.children if c is not moving and order.get(c.item, -1) < mine
        )

    # -- following the document -------------------------------------------------------

    def _on_document_step_touched(self, step_id: str) -> None:
        self._dirty_steps[step_id] = None
        self._schedule()

    def _on_document_note_touched(self, note_id: str, step_id: str) -> None:
        self._dirty_notes[note_id] = None
        self._schedule()

    def _on_document_map_touched(self, map_id: str) -> None:
        self._dirty_maps[map_id] = None
        self._schedule()

    def _on_document_actor_changed(self, actor_id: str) -> None:
        self._stale_texts = True
        self._schedule()

    def _schedule(self) -> None:
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def pending(self) -> bool:
        """True when the document changed since the rows were last brought up to date."""
        return bool(self._dirty_maps or self._dirty_steps or self._dirty_notes or self._stale_texts)

    def flush(self) -> None:
        """Bring the rows up to date with the document.

        Runs when a command has been done or undone (and on the next turn of the event
        loop for changes made outside the undo stack). A few changed items are moved,
        added or removed row by row; a big batch rebuilds its maps in one layout change
        that keeps the expanded, selected and current rows.
        """
        self._flush_timer.stop()
        if not self.pending():
            return
        maps, steps, notes = self._dirty_maps, self._dirty_steps, self._dirty_notes
        stale_texts = self._stale_texts
        self._dirty_maps, self._dirty_steps, self._dirty_notes = {}, {}, {}
        self._stale_texts = False
        self._rows_moved = False
        self.busy += 1
        try:
            done = {m for m in maps if self._sync_map(m)}
            by_map: dict[str, tuple[list[str], list[str]]] = {}
            for step_id in steps:
                by_map.setdefault(self._map_of_step(step_id), ([], []))[0].append(step_id)
            for note_id in notes:
                by_map.setdefault(self._map_of_note(note_id), ([], []))[1].append(note_id)
            persistent = -1  # counted only when rows must move: the count costs
            bulk = []
            for map_id, (step_ids, note_ids) in by_map.items():
                if not map_id or map_id in done:
                    continue
                changes = sum(not self._step_in_place(s) for s in step_ids) + sum(
                    not self._note_in_place(n) for n in note_ids
                )
                # Qt walks every persistent index (expanded rows) for each row change.
                if changes and persistent < 0:
                    persistent = len(self.persistentIndexList())
                if changes * (1 + persistent) > REBUILD_BUDGET + len(self._nodes) // 10:
                    bulk.append(map_id)
                    continue
                for step_id in step_ids:
                    self._sync_step(step_id)
                for note_id in note_ids:
                    self._sync_note(note_id)
            if bulk:
                self._rebuild_maps(bulk)
            if stale_texts:
                self._drop_texts()
        finally:
            self.busy -= 1
        self.synced.emit(self._rows_moved)

    def _map_of_step(self, step_id: str) -> str:
        step = self.document.workshop.steps.get(step_id)
        if step is not None:
            return step.map
        node = self._by_key.get((STEP, step_id))
        return self.map_of(node) if node is not None else ""

    def _map_of_note(self, note_id: str) -> str:
        note = self.document.workshop.notes.get(note_id)
        if note is not None and note.step in self.document.workshop.steps:
            return self.document.workshop.steps[note.step].map
        node = self._by_key.get((NOTE, note_id))
        return self.map_of(node) if node is not None else ""

    def _step_in_place(self, step_id: str) -> bool:
        """True when a step's row exists and sits where the step says (a re-text at most)."""
        step = self.document.workshop.steps.get(step_id)
        node = self._by_key.get((STEP, step_id))
        if step is None or node is None or node.parent is None:
            return False
        lane_node = node.parent
        return (
            lane_node.key == (LANE, step.stage, step.actor)
            and self.map_of(lane_node) == step.map
            and self._step_row(lane_node, step, node) == node.row()
        )

    def _note_in_place(self, note_id: str) -> bool:
        note = self.document.workshop.notes.get(note_id)
        node = self._by_key.get((NOTE, note_id))
        return (
            note is not None
            and node is not None
            and node.parent is not None
            and (node.parent.item == note.step)
        )

    def _sync_step(self, step_id: str) -> None:
        """Add, remove, move or re-text one step's row to match the document."""
        step = self.document.workshop.steps.get(step_id)
        node = self._by_key.get((STEP, step_id))
        if node is not None and (step is None or self.map_of(node) != step.map):
            lane_node = node.parent
            assert lane_node is not None
            map_node = self._map_node(self.map_of(node))
            self._remove(node)
            if not lane_node.children:
                self._remove(lane_node)
            self._retext(lane_node, map_node)
            node = None
        if step is None:
            return
        if node is None:
            lane_node = self._lane_for(step)
            if lane_node is not None:
                node = self._make_step(step, lane_node)
                self._insert(lane_node, self._step_row(lane_node, step), node)
                self._retext(lane_node, self._map_node(step.map))
            return
        old_lane = node.parent
        assert old_lane is not None
        if old_lane.key == (LANE, step.stage, step.actor):
            self._move(node, old_lane, self._step_row(old_lane, step, node))
            self._retext(node)
            return
        new_lane = self._lane_for(step)
        if new_lane is None:
            self._remove(node)
        else:
            self._move(node, new_lane, self._step_row(new_lane, step, node))
        if not old_lane.children:
            self._remove(old_lane)
        self._retext(node, old_lane, new_lane, self._map_node(step.map))

    def _sync_note(self, note_id: str) -> None:
        """Add, remove, move or re-text one note's row to match the document."""
        note = self.document.workshop.notes.get(note_id)
        node = self._by_key.get((NOTE, note_id))
        step_node = self._by_key.get((STEP, note.step)) if note is not None else None
        old_step = node.parent if node is not None else None
        if note is None or step_node is None:
            if node is not None:
                self._remove(node)
        elif node is None:
            node = self._new(NOTE, note_id, (NOTE, note_id), step_node)
            self._insert(step_node, self._note_row(step_node, note), node)
        elif old_step is not step_node:
            self._move(node, step_node, self._note_row(step_node, note, node))
        self._retext(node, old_step, step_node)

    def _sync_map(self, map_id: str) -> bool:
        """Match a map's rows to the document; True when they were built afresh."""
        maps = self.document.workshop.maps
        row = next((i for i, m in enumerate(maps) if m.id == map_id), -1)
        node = self._map_node(map_id)
        if row < 0:
            if node is not None:
                self._remove(node)
            return True
        if node is None:
            self._insert(self.root, min(row, len(self.root.children)), self._make_map(maps[row]))
            return True
        if self._same_shape(node, maps[row]):
            self._retext(node, *node.children)
            self._retext(*(lane for stage in node.children for lane in stage.children))
            return False
        self._rebuild_maps([map_id])
        return True

    def _same_shape(self, node: Node, journey_map: JourneyMap) -> bool:
        """True when the rows of a map still match its stages and lanes in order."""
        if [c.item for c in node.children] != [s.id for s in journey_map.stages]:
            return False
        order = {lane.actor: i for i, lane in enumerate(journey_map.lanes)}
        for stage_node in node.children:
            places = [order.get(lane.item, -1) for lane in stage_node.children]
            if -1 in places or places != sorted(places):
                return False
        return True

    def _rebuild_maps(self, map_ids: list[str]) -> None:
        """Rebuild maps' rows in one layout change, keeping persistent rows by their key."""
        self._rows_moved = True
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        keys = [(n.key if (n := self.node(i)) else None) for i in old]
        for map_id in map_ids:
            node = self._map_node(map_id)
            journey_map = self.document.workshop.map(map_id)
            if node is None or journey_map is None:
                continue
            row = node.row()
            self._forget(node)
            self.root.children[row] = self._make_map(journey_map)
        new = []
        for key in keys:
            found = self._by_key.get(key) if key else None
            new.append(self.index_of(found) if found is not None else QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _drop_texts(self) -> None:
        # A new actor name or colour shows on many rows: drop every cached text at once.
        self.layoutAboutToBeChanged.emit()
        for node in self._nodes.values():
            node.text = None
        self.layoutChanged.emit()

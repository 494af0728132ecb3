"""The map scene: a projection of one map of the document, kept in step by its signals.

It keeps `dict[id, item]` for steps and links, adds, moves and removes items when the
document says so, and never changes the model: edits go through `app.commands`.

The map's extent (`map_rect()`: the grid and every card) is kept until a card comes, goes
or moves, or the grid changes, and `extent_changed` says when that happened: walking 2,000
cards takes 4 ms (three times that while the analysis thread holds the GIL), and the
overview used to do it after every change to the scene.

Mouse gestures go to the tools in `widgets.canvas.tools`; the scene itself only reports
what the user asked for.

Signals:
    conflict_steps_changed(): the set of steps that carry a conflict badge changed.
    extent_changed(): a card came, went or moved, or the grid changed: `map_rect()` may
        differ (emitted for each such change: a drag sends one per move).
    moves_requested(moves): cards were dragged; {step id: (actor, stage, (x, y) offset)}.
    context_requested(kind, item_id, screen_pos): a right-click on a "step", "link",
        "stage", "lane" or "cell" (item_id is then "actor|stage") or on nothing ("").
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneMouseEvent,
)

from app.document import Document
from app.layout import MapGrid
from app.model import CARD_HEIGHT, CARD_WIDTH, VOTING_GROUPS, Step
from widgets.canvas.grid_item import GridFace, GridItem, LaneHeader, StageHeader
from widgets.canvas.items import CardFace, LinkItem, Rating, StepItem, initials
from widgets.canvas.tension import TensionItem
from widgets.canvas.tools import ConnectTool, DoubleClickTool, Tool, step_item_at
from widgets.theme import STANDARD, Theme

SCENE_MARGIN = 400.0


class MapScene(QGraphicsScene):
    """Shows one map of a document; switch maps with `show_map`."""

    conflict_steps_changed = Signal()
    extent_changed = Signal()
    moves_requested = Signal(dict)
    context_requested = Signal(str, str, QPoint)

    def __init__(self, document: Document, map_id: str | None = None, theme: Theme = STANDARD):
        super().__init__()
        self.document = document
        self.theme = theme
        self.map_id: str | None = None
        self.grid = MapGrid({}, {}, {}, {}, 0.0, 0.0)
        self.grid_item = GridItem(GridFace([], [], 0.0, 0.0), theme)
        self.addItem(self.grid_item)
        self.step_items: dict[str, StepItem] = {}
        self.link_items: dict[str, LinkItem] = {}
        self._links_of_step: dict[str, set[str]] = defaultdict(set)
        self._map_rect: QRectF | None = None  # map_rect() as last worked out; None: stale
        self.conflict_counts: dict[str, int] = {}
        self.tension: TensionItem | None = None
        self.setBackgroundBrush(theme.background)
        self.connect_tool = ConnectTool()
        self.double_click_tool = DoubleClickTool()
        self.tools: list[Tool] = [self.connect_tool]
        self._active_tool: Tool | None = None

        document.step_added.connect(self._on_document_step_added)
        document.step_removed.connect(self._on_document_step_removed)
        document.step_changed.connect(self._on_document_step_changed)
        document.link_added.connect(self._on_document_link_added)
        document.link_removed.connect(self._on_document_link_removed)
        document.note_added.connect(self._on_document_note_changed)
        document.note_removed.connect(self._on_document_note_changed)
        document.note_changed.connect(self._on_document_note_changed)
        document.map_changed.connect(self._on_document_map_changed)
        document.map_removed.connect(self._on_document_map_removed)
        document.actor_changed.connect(self._on_document_actor_changed)
        document.vote_changed.connect(self._on_document_vote_changed)
        self.show_map(map_id or (document.workshop.maps[0].id if document.workshop.maps else None))

    # -- building ---------------------------------------------------------------------

    def show_map(self, map_id: str | None) -> None:
        """Project another map (or nothing) and rebuild every item."""
        self.clear_tension()
        for item in [*self.step_items.values(), *self.link_items.values()]:
            self.removeItem(item)
        self.step_items.clear()
        self.link_items.clear()
        self._links_of_step.clear()
        self.map_id = map_id
        self._rebuild_grid()
        if map_id is None:
            return
        workshop = self.document.workshop
        for step in workshop.steps_of(map_id):
            self._add_step_item(step)
        for link in workshop.links_of(map_id):
            self._add_link_item(link.id)
        self._extent_changed()  # once for all the cards

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackgroundBrush(theme.background)
        for item in self.link_items.values():
            item.theme = theme
            item.update()
        if self.tension is not None:
            self.tension.theme = theme
            self.tension.update()
        self._rebuild_grid()
        for step_id in self.step_items:
            self._refresh_step(step_id)

    def set_conflict_counts(self, counts: dict[str, int]) -> None:
        """Show a badge on each step in `counts` (step id -> number of conflicts)."""
        changed = set(self.conflict_counts) ^ set(counts) | {
            s for s in counts if self.conflict_counts.get(s) != counts[s]
        }
        self.conflict_counts = dict(counts)
        for step_id in changed:
            if step_id in self.step_items:
                self._refresh_step(step_id)
        if changed:
            self.conflict_steps_changed.emit()

    def _rebuild_grid(self) -> None:
        self._extent_changed()
        journey_map = self.document.workshop.map(self.map_id) if self.map_id else None
        if journey_map is None:
            self.grid = MapGrid({}, {}, {}, {}, 0.0, 0.0)
            self.grid_item.set_face(GridFace([], [], 0.0, 0.0), self.theme)
            self.setSceneRect(QRectF(-SCENE_MARGIN, -SCENE_MARGIN, 2 * SCENE_MARGIN, SCENE_MARGIN))
            return
        self.grid = MapGrid.of(journey_map)
        actors = self.document.workshop.actors
        face = GridFace(
            [
                StageHeader(s.id, s.name, self.grid.stage_x[s.id], s.width)
                for s in journey_map.stages
            ],
            [
                LaneHeader(
                    lane.actor,
                    actors[lane.actor].name,
                    actors[lane.actor].role,
                    QColor(actors[lane.actor].colour),
                    self.grid.lane_y[lane.actor],
                    lane.height,
                )
                for lane in journey_map.lanes
            ],
            self.grid.width,
            self.grid.height,
        )
        self.grid_item.set_face(face, self.theme)
        self.setSceneRect(
            self.map_rect().adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN)
        )

    def map_rect(self) -> QRectF:
        """The map's own rectangle: headers and cells, and any card sticking out of them
        (kept between calls until a card comes, goes or moves, or the grid changes)."""
        if self._map_rect is None:
            rect = QRectF(0, 0, max(self.grid.width, 1.0), max(self.grid.height, 1.0))
            for item in self.step_items.values():
                rect = rect.united(item.sceneBoundingRect())
            self._map_rect = rect
        return QRectF(self._map_rect)  # a copy: a caller may change the rectangle it gets

    def card_face(self, step: Step) -> CardFace:
        """What the card of `step` shows, from the model."""
        workshop = self.document.workshop
        actors = workshop.actors
        ratings = []
        if step.emotion is not None:
            ratings.append(Rating(initials(actors[step.actor].name), step.emotion))
        needs = pains = 0
        for note in self.document.notes_of(step.id):
            if note.kind == "need":
                needs += 1
            elif note.kind == "pain":
                pains += 1
            elif note.kind == "feeling" and note.rating is not None:
                ratings.append(Rating(initials(actors[note.actor].name), note.rating))
        return CardFace(
            text=step.text,
            colour=QColor(actors[step.actor].colour),
            channel=step.channel,
            with_names=[actors[a].name for a in step.with_actors if a in actors],
            ratings=ratings,
            needs=needs,
            pains=pains,
            conflicts=self.conflict_counts.get(step.id, 0),
            dots=sum(
                vote.dots
                for group in VOTING_GROUPS
                if (vote := workshop.votes.get((group, "step", (step.id,)))) is not None
            ),
        )

    def _add_step_item(self, step: Step) -> None:
        item = StepItem(step.id, self.card_face(step), self.theme)
        item.setPos(*self.grid.step_origin(step))
        item.moved.connect(self._on_step_item_moved)
        self.step_items[step.id] = item
        self.addItem(item)
        self._map_rect = None  # the caller says so (once for a whole map)

    def _refresh_step(self, step_id: str) -> None:
        step = self.document.workshop.steps.get(step_id)
        item = self.step_items.get(step_id)
        if step is None or item is None:
            return
        item.set_face(self.card_face(step), self.theme)

    def _add_link_item(self, link_id: str) -> None:
        link = self.document.workshop.links[link_id]
        item = LinkItem(link_id, False, self.theme)
        self.link_items[link_id] = item
        self._links_of_step[link.source].add(link_id)
        self._links_of_step[link.target].add(link_id)
        self.addItem(item)
        self._route_link(link_id)

    def _route_link(self, link_id: str) -> None:
        workshop = self.document.workshop
        link = workshop.links[link_id]
        source, target = self.step_items.get(link.source), self.step_items.get(link.target)
        if source is None or target is None:
            return
        handoff = workshop.steps[link.source].actor != workshop.steps[link.target].actor
        self.link_items[link_id].set_ends(card_rect(source), card_rect(target), handoff)

    def reposition_step(self, step_id: str) -> None:
        """Put a step's card where the model says (after a move, or a cancelled drag). Its
        links follow when the card moves (`_on_step_item_moved`); a card already there (its
        words or ratings edited) leaves them be: re-routing repaints every long arrow of
        the card in both views, ~10 ms on a 2,000-step map."""
        step = self.document.workshop.steps.get(step_id)
        item = self.step_items.get(step_id)
        if step is None or item is None:
            return
        item.setPos(*self.grid.step_origin(step))

    def _extent_changed(self) -> None:
        self._map_rect = None
        self.extent_changed.emit()

    def _on_step_item_moved(self, step_id: str) -> None:
        """A card moved (dragged, or put where the model says): the extent may have changed
        and its links follow. (Qt reports no move when a card is put where it already is.)"""
        self._extent_changed()
        self.route_links_of(step_id)

    def route_links_of(self, step_id: str) -> None:
        for link_id in self._links_of_step.get(step_id, ()):
            self._route_link(link_id)
        if self.tension is not None and step_id in self.tension.step_ids:
            self._route_tension()

    # -- the tension of a selected conflict ---------------------------------------------

    def show_tension(self, step_a: str, step_b: str, label: str) -> TensionItem | None:
        """Mark the cards of two steps (the same one twice for one card) and draw the
        labelled tension line between them; None when a card is not on the shown map."""
        self.clear_tension()
        if step_a not in self.step_items or step_b not in self.step_items:
            return None
        self.tension = TensionItem((step_a, step_b), label, self.theme)
        self.addItem(self.tension)
        self._route_tension()
        return self.tension

    def clear_tension(self) -> None:
        if self.tension is not None:
            self.removeItem(self.tension)
            self.tension = None

    def _route_tension(self) -> None:
        assert self.tension is not None
        first, second = (self.step_items.get(s) for s in self.tension.step_ids)
        if first is not None and second is not None:
            self.tension.set_cards(card_rect(first), card_rect(second))

    # -- gestures ---------------------------------------------------------------------

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        for tool in self.tools:
            if tool.press(self, event):
                self._active_tool = tool
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._active_tool is not None:
            self._active_tool.move(self, event)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._active_tool is not None:
            tool, self._active_tool = self._active_tool, None
            tool.release(self, event)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        moves = self.dragged_moves()
        if moves:
            self.moves_requested.emit(moves)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.double_click_tool.double_click(
            self, event
        ):
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def cancel_gesture(self) -> None:
        """Escape: stop a link being drawn and put dragged cards back."""
        if self._active_tool is not None:
            self._active_tool.cancel(self)
            self._active_tool = None
        for step_id in self.step_items:
            self.reposition_step(step_id)

    def dragged_moves(self) -> dict[str, tuple[str, str, tuple[float, float]]]:
        """Cards the user dragged away from where the model has them, and where to."""
        moves = {}
        workshop = self.document.workshop
        for step_id, item in self.step_items.items():
            step = workshop.steps[step_id]
            x, y = self.grid.step_origin(step)
            if abs(item.pos().x() - x) < 0.5 and abs(item.pos().y() - y) < 0.5:
                continue
            centre = item.pos().x() + CARD_WIDTH / 2, item.pos().y() + CARD_HEIGHT / 2
            cell = self.grid.nearest_cell(*centre)
            if cell is None:
                continue
            origin_x, origin_y = self.grid.cell_origin(*cell)
            moves[step_id] = (*cell, (item.pos().x() - origin_x, item.pos().y() - origin_y))
        return moves

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        point = event.scenePos()
        kind, item_id = "", ""
        step_item = step_item_at(self, point)
        link_item = next((i for i in self.items(point) if isinstance(i, LinkItem)), None)
        if step_item is not None:
            kind, item_id = "step", step_item.step_id
        elif link_item is not None:
            kind, item_id = "link", link_item.link_id
        elif (stage := self.grid_item.stage_at(point)) is not None:
            kind, item_id = "stage", stage.id
        elif (lane := self.grid_item.lane_at(point)) is not None:
            kind, item_id = "lane", lane.actor
        elif (cell := self.grid.cell_at(point.x(), point.y())) is not None:
            kind, item_id = "cell", "|".join(cell)
        self.context_requested.emit(kind, item_id, event.screenPos())
        event.accept()

    # -- document signals -------------------------------------------------------------

    def _on_document_step_added(self, step_id: str) -> None:
        step = self.document.workshop.steps[step_id]
        if step.map == self.map_id:
            self._add_step_item(step)
            self._extent_changed()

    def _on_document_step_removed(self, step_id: str) -> None:
        item = self.step_items.pop(step_id, None)
        if item is not None:
            self.removeItem(item)
            self._extent_changed()

    def _on_document_step_changed(self, step_id: str) -> None:
        if step_id in self.step_items:
            self._refresh_step(step_id)
            self.reposition_step(step_id)

    def _on_document_link_added(self, link_id: str) -> None:
        link = self.document.workshop.links[link_id]
        if link.source in self.step_items:
            self._add_link_item(link_id)

    def _on_document_link_removed(self, link_id: str) -> None:
        item = self.link_items.pop(link_id, None)
        if item is None:
            return
        self.removeItem(item)
        for links in self._links_of_step.values():
            links.discard(link_id)

    def _on_document_note_changed(self, note_id: str, step_id: str) -> None:
        self._refresh_step(step_id)

    def _on_document_map_changed(self, map_id: str) -> None:
        if map_id != self.map_id:
            return
        self._rebuild_grid()
        for step_id in self.step_items:
            self.reposition_step(step_id)

    def _on_document_map_removed(self, map_id: str) -> None:
        if map_id == self.map_id:
            maps = self.document.workshop.maps
            self.show_map(maps[0].id if maps else None)

    def _on_document_vote_changed(self, group: str, kind: str, target: object) -> None:
        if kind == "step":
            self._refresh_step(target[0])  # type: ignore[index]

    def _on_document_actor_changed(self, actor_id: str) -> None:
        self._rebuild_grid()
        for step_id in self.step_items:
            self._refresh_step(step_id)


def card_rect(item: StepItem) -> QRectF:
    """The scene rectangle of a card (without its selection margin)."""
    return QRectF(item.pos().x(), item.pos().y(), CARD_WIDTH, CARD_HEIGHT)

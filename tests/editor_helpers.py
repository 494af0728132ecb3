"""Helpers for editor tests: a small workshop, snapshots, and a driver for a window's canvas."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    QTimer,
)
from PySide6.QtGui import QContextMenuEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QUndoView

from app.document import Document
from app.layout import LANE_HEADER_WIDTH, STAGE_HEADER_HEIGHT
from app.model import (
    CARD_HEIGHT,
    CARD_WIDTH,
    Actor,
    JourneyMap,
    Lane,
    Link,
    Note,
    Stage,
    Step,
    Workshop,
    WorkshopInfo,
)
from widgets.canvas.inline_editor import InlineEditor
from widgets.main_window import MainWindow

# The offscreen platform warns about what it cannot do: size hints, raise(), grabs.
OFFSCREEN_NOISE = "This plugin does not support"

SAMPLE = Path(__file__).resolve().parent.parent / "workshops" / "outpatient-clinic.journey"

NoMod = Qt.KeyboardModifier.NoModifier
Ctrl = Qt.KeyboardModifier.ControlModifier
Left = Qt.MouseButton.LeftButton

# The small workshop's map "Visit": three stages of one card slot each, three lanes.
M1, M2 = "m1", "m2"
ARRIVE, WAIT, SEE = "m1.arrive", "m1.wait", "m1.see"
PATIENT, NURSE, DESK = "a-patient", "a-nurse", "a-desk"


def small_workshop() -> Workshop:
    """A workshop small enough to reason about cell by cell.

    Map Visit: stages Arrive, Wait, See (each one card wide); lanes Patient, Nurse, Front
    desk; s1 Patient/Arrive, s2 Nurse/Arrive, s3 Patient/Wait, s4 Nurse/See; links s1->s3,
    s2->s1 (handoff), s3->s4 (handoff); three notes on s1, one on s3. Map Follow-up: one
    stage, one lane, one step s10.
    """
    w = Workshop(info=WorkshopInfo(title="Small clinic"))
    for actor in (
        Actor(PATIENT, "Patient", "patient", "#E69F00"),
        Actor(NURSE, "Nurse", "clinician", "#56B4E9"),
        Actor(DESK, "Front desk", "staff", "#009E73"),
    ):
        w.actors[actor.id] = actor
    w.maps.append(
        JourneyMap(
            M1,
            "Visit",
            [Stage(ARRIVE, "Arrive"), Stage(WAIT, "Wait"), Stage(SEE, "See")],
            [Lane(PATIENT), Lane(NURSE), Lane(DESK)],
        )
    )
    w.maps.append(JourneyMap(M2, "Follow-up", [Stage("m2.call", "Call")], [Lane(PATIENT)]))
    for step in (
        Step("s1", M1, ARRIVE, PATIENT, "Check in"),
        Step("s2", M1, ARRIVE, NURSE, "Call the name", with_actors=[PATIENT]),
        Step("s3", M1, WAIT, PATIENT, "Wait in the corridor", emotion=-2),
        Step("s4", M1, SEE, NURSE, "Take bloods", channel="in person"),
        Step("s10", M2, "m2.call", PATIENT, "Phone for results"),
    ):
        w.steps[step.id] = step
    for link in (Link("l1", "s1", "s3"), Link("l2", "s2", "s1"), Link("l3", "s3", "s4")):
        w.links[link.id] = link
    for note in (
        Note("n1", "s1", "need", PATIENT, "Know how long", "waiting time", "less", 4),
        Note("p1", "s1", "pain", PATIENT, "Nobody says anything", weight=3),
        Note("i1", "s1", "idea", NURSE, "A screen with the queue"),
        Note("q1", "s3", "quote", PATIENT, "I lost my place twice"),
    ):
        w.notes[note.id] = note
    return w


def snapshot(workshop: Workshop) -> tuple:
    """Everything an undo must bring back: the data and the order of every collection."""
    return (
        copy.deepcopy(workshop),
        list(workshop.actors),
        list(workshop.steps),
        list(workshop.links),
        list(workshop.notes),
        list(workshop.conflicts),
        [m.id for m in workshop.maps],
        [[s.id for s in m.stages] for m in workshop.maps],
        [[ln.actor for ln in m.lanes] for m in workshop.maps],
    )


class Driver:
    """Drives one MainWindow the way a person does: mouse on the viewport, keys on the view.

    Points are given in scene coordinates and mapped through the view's current zoom.
    """

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window
        self.view = window.view
        self.viewport = window.view.viewport()
        self.scene = window.scene
        self.document = window.document
        self.stack = window.document.undo_stack

    @property
    def workshop(self) -> Workshop:
        return self.document.workshop

    @property
    def inline(self) -> InlineEditor:
        return self.window.canvas.inline

    # -- geometry ---------------------------------------------------------------------

    def at(self, point: QPointF) -> QPoint:
        return self.view.mapFromScene(point)

    def card_rect(self, step_id: str) -> QRectF:
        item = self.scene.step_items[step_id]
        return QRectF(item.pos().x(), item.pos().y(), CARD_WIDTH, CARD_HEIGHT)

    def card_centre(self, step_id: str) -> QPointF:
        return self.card_rect(step_id).center()

    def card_rim(self, step_id: str) -> QPointF:
        """A point on the right-hand rim of a card, where a drag draws a link."""
        rect = self.card_rect(step_id)
        return QPointF(rect.right() - 6, rect.center().y())

    def cell_centre(self, actor: str, stage: str) -> QPointF:
        grid = self.scene.grid
        x, y = grid.cell_origin(actor, stage)
        return QPointF(x + grid.stage_width[stage] / 2, y + grid.lane_height[actor] / 2)

    def stage_header(self, stage: str) -> QPointF:
        grid = self.scene.grid
        return QPointF(grid.stage_x[stage] + grid.stage_width[stage] / 2, STAGE_HEADER_HEIGHT / 2)

    def lane_header(self, actor: str) -> QPointF:
        grid = self.scene.grid
        return QPointF(LANE_HEADER_WIDTH / 2, grid.lane_y[actor] + grid.lane_height[actor] / 2)

    def visible_rect(self) -> QRectF:
        return self.view.mapToScene(self.viewport.rect()).boundingRect()

    # -- mouse and keys ---------------------------------------------------------------

    def click(self, point: QPointF, modifier: Qt.KeyboardModifier = NoMod) -> None:
        QTest.mouseClick(self.viewport, Left, modifier, self.at(point))

    def double_click(self, point: QPointF) -> None:
        QTest.mouseDClick(self.viewport, Left, NoMod, self.at(point))

    def drag(
        self,
        start: QPointF,
        end: QPointF,
        modifier: Qt.KeyboardModifier = NoMod,
        steps: int = 8,
        button: Qt.MouseButton = Left,
    ) -> None:
        """Press at `start`, move there in several steps, release at `end`."""
        a, b = self.at(start), self.at(end)
        QTest.mousePress(self.viewport, button, modifier, a)
        for i in range(1, steps + 1):
            QTest.mouseMove(
                self.viewport,
                QPoint(
                    round(a.x() + (b.x() - a.x()) * i / steps),
                    round(a.y() + (b.y() - a.y()) * i / steps),
                ),
            )
        QTest.mouseRelease(self.viewport, button, modifier, b)

    def wheel(self, point: QPointF, notches: int, modifier: Qt.KeyboardModifier = NoMod) -> None:
        pos = QPointF(self.at(point))
        event = QWheelEvent(
            pos,
            QPointF(self.viewport.mapToGlobal(pos.toPoint())),
            QPoint(0, 0),
            QPoint(0, 120 * notches),
            Qt.MouseButton.NoButton,
            modifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(self.viewport, event)

    def activate(self) -> None:
        """Bring this window to the front with the canvas focused (shortcuts need both)."""
        if QApplication.activeWindow() is not self.window:
            self.window.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.window)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NoMod) -> None:
        """A key pressed while the canvas has the focus."""
        self.activate()
        QTest.keyClick(self.view, key, modifier)

    def context_menu(self, point: QPointF, *choices: str) -> list[str]:
        """Right-click at `point`, then work the menu: a one-letter choice presses that key
        (a mnemonic), a longer one triggers the entry of that text (without "&"). Returns
        the entries of the first menu shown."""
        shown: list[str] = []
        steps = list(choices)

        def work(tries: int = 0) -> None:
            menu = QApplication.activePopupWidget()
            if not isinstance(menu, QMenu):
                if tries < 100:
                    QTimer.singleShot(5, lambda: work(tries + 1))
                return
            if not shown:
                shown.extend(a.text().replace("&", "") for a in menu.actions() if a.text())
            if not steps:
                menu.close()
                return
            choice = steps.pop(0)
            if len(choice) == 1:
                QTest.keyClick(menu, choice)
            else:
                action = next(a for a in menu.actions() if a.text().replace("&", "") == choice)
                if action.menu() is not None:
                    menu.setActiveAction(action)
                    action.menu().popup(menu.mapToGlobal(menu.actionGeometry(action).topRight()))
                else:
                    action.trigger()
                    while (popup := QApplication.activePopupWidget()) is not None:
                        popup.close()
            if steps:
                QTimer.singleShot(5, work)

        QTimer.singleShot(0, work)
        pos = self.at(point)
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, pos, self.viewport.mapToGlobal(pos), NoMod
        )
        QApplication.sendEvent(self.viewport, event)
        assert QApplication.activePopupWidget() is None, "a menu was left open"
        return shown

    def type_in_editor(self, text: str) -> None:
        assert self.inline.box is not None, "the in-place editor is not open"
        QTest.keyClicks(self.inline.box, text)

    def editor_key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NoMod) -> None:
        assert self.inline.box is not None, "the in-place editor is not open"
        QTest.keyClick(self.inline.box, key, modifier)

    def select(self, *step_ids: str) -> None:
        """Click the first card and Ctrl-click the others."""
        for index, step_id in enumerate(step_ids):
            self.click(self.card_centre(step_id), Ctrl if index else NoMod)
        assert sorted(self.window.selection.steps) == sorted(step_ids)

    # -- what happened ----------------------------------------------------------------

    def undo_texts(self) -> list[str]:
        return [self.stack.text(i) for i in range(self.stack.count())]

    def history_texts(self) -> list[str]:
        """The rows of the undo history dock, below its "<opened>" row."""
        view = self.window.docks["history"].widget()
        assert isinstance(view, QUndoView)
        model = view.model()
        return [model.index(row, 0).data() for row in range(1, model.rowCount())]

    def card_rects(self) -> dict[str, QRectF]:
        return {step_id: self.card_rect(step_id) for step_id in self.scene.step_items}

    def assert_scene_matches_model(self) -> None:
        """Every step of the shown map has a card where the model puts it, and no others."""
        workshop = self.workshop
        map_id = self.window.selection.map_id
        assert set(self.scene.step_items) == {s.id for s in workshop.steps_of(map_id)}
        assert set(self.scene.link_items) == {lk.id for lk in workshop.links_of(map_id)}
        for step_id, item in self.scene.step_items.items():
            x, y = self.scene.grid.step_origin(workshop.steps[step_id])
            assert (item.pos().x(), item.pos().y()) == (x, y), step_id


def open_window(qtbot, workshop: Workshop) -> Driver:
    """A shown, non-interactive window on `workshop`, fitted to the map, canvas focused."""
    window = MainWindow(Document(workshop), interactive=False)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(5)  # the zoom-to-fit queued by showEvent
    window.activateWindow()
    window.view.setFocus(Qt.FocusReason.OtherFocusReason)
    return Driver(qtbot, window)


def settle(qtbot, timeout_ms: int = 2000) -> None:
    """Let background work (the live analysis thread) finish and report before going on."""
    waited = 0
    while waited < timeout_ms and any(
        t is not threading.main_thread() and t.is_alive() for t in threading.enumerate()
    ):
        qtbot.wait(5)
        waited += 5
    qtbot.wait(1)


def close_window(driver: Driver) -> None:
    window = driver.window
    settle(driver.qtbot)
    window.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


@contextmanager
def driven_window(qtbot, workshop: Workshop) -> Iterator[Driver]:
    """A window on `workshop` for the length of a `with` block, then closed.

    (conftest.py keeps the window's remembered settings out of the user's own.)
    """
    driver = open_window(qtbot, workshop)
    try:
        yield driver
    finally:
        close_window(driver)

"""The map scene keeps the map's extent until a card comes, goes or moves; the overview uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from editor_helpers import ARRIVE, M1, NURSE, OFFSCREEN_NOISE, SEE, driven_window, small_workshop
from PySide6.QtCore import QPointF, QRectF

from app import edits
from app.document import Document
from widgets.canvas.items import StepItem
from widgets.canvas.scene import MapScene

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)


class Walks:
    """Counts how often the scene walks its cards to work out the extent."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.cards = 0
        original = StepItem.sceneBoundingRect

        def counted(item: StepItem) -> QRectF:
            self.cards += 1
            return original(item)

        monkeypatch.setattr(StepItem, "sceneBoundingRect", counted)


@pytest.fixture
def scene(qapp) -> Iterator[MapScene]:
    scene = MapScene(Document(small_workshop()), M1)
    yield scene
    scene.deleteLater()


def walked(scene: MapScene) -> QRectF:
    """The extent worked out afresh: the grid and every card."""
    rect = QRectF(0, 0, max(scene.grid.width, 1.0), max(scene.grid.height, 1.0))
    for item in scene.step_items.values():
        rect = rect.united(QRectF(item.boundingRect()).translated(item.pos()))
    return rect


def test_the_extent_is_kept_while_only_words_ratings_and_badges_change(
    scene: MapScene, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    walks = Walks(monkeypatch)
    document = scene.document
    first = scene.map_rect()
    assert first == walked(scene)
    assert walks.cards == len(scene.step_items) == 4
    first.adjust(0, 0, 500, 500)  # a caller's copy: the scene's own is not changed
    with qtbot.assertNotEmitted(scene.extent_changed):
        document.push(edits.edit_step(document, "s1", text="Check in at the kiosk"))
        document.push(edits.edit_step(document, "s3", emotion=3))
        scene.set_conflict_counts({"s1": 2, "s4": 1})
        assert scene.map_rect() == walked(scene)
    assert walks.cards == 4  # asked again: not walked again


def test_a_card_that_moves_comes_or_goes_or_a_new_grid_changes_the_extent(
    scene: MapScene, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = scene.document
    scene.map_rect()
    walks = Walks(monkeypatch)

    item = scene.step_items["s4"]  # dragged far out of the grid, as the mouse moves it
    with qtbot.waitSignal(scene.extent_changed):
        item.setPos(item.pos() + QPointF(3000, 2000))
    assert scene.map_rect() == walked(scene)
    assert walks.cards == 4  # once, however often asked
    assert scene.map_rect().contains(item.sceneBoundingRect())

    with qtbot.waitSignal(scene.extent_changed):
        scene.cancel_gesture()  # back where the model has it
    assert scene.map_rect() == walked(scene)
    assert not scene.map_rect().contains(item.sceneBoundingRect().translated(3000, 2000))

    with qtbot.waitSignal(scene.extent_changed):
        document.push(edits.move_steps(document, {"s1": (NURSE, SEE, (0.0, 0.0))}))
    assert scene.map_rect() == walked(scene)

    command, new_id = edits.add_step(document, M1, NURSE, ARRIVE, "Weigh the patient")
    with qtbot.waitSignal(scene.extent_changed):
        document.push(command)
    assert new_id in scene.step_items
    assert scene.map_rect() == walked(scene)
    assert scene.map_rect().contains(scene.step_items[new_id].sceneBoundingRect())

    with qtbot.waitSignal(scene.extent_changed):
        document.push(edits.delete_items(document, step_ids=[new_id]))
    assert new_id not in scene.step_items
    assert scene.map_rect() == walked(scene)

    width = scene.map_rect().width()
    with qtbot.waitSignal(scene.extent_changed):
        document.push(edits.add_stage(document, M1, "Go home"))
    assert scene.map_rect() == walked(scene)
    assert scene.map_rect().width() > width
    with qtbot.waitSignal(scene.extent_changed):
        document.undo_stack.undo()
    assert scene.map_rect() == walked(scene)
    assert scene.map_rect().width() == width


def test_a_cards_words_leave_its_arrows_as_they_were(scene: MapScene) -> None:
    document = scene.document
    links = [scene.link_items[link_id] for link_id in ("l1", "l2")]  # both end at s1
    paths = [link._path for link in links]
    document.push(edits.edit_step(document, "s1", text="Check in at the kiosk"))
    assert [link._path for link in links] == paths
    assert all(new is old for new, old in zip((ln._path for ln in links), paths, strict=True))
    document.push(edits.move_steps(document, {"s1": (NURSE, SEE, (0.0, 0.0))}))
    assert all(new is not old for new, old in zip((ln._path for ln in links), paths, strict=True))


def test_the_overview_follows_the_extent_and_not_every_change(qtbot) -> None:
    with driven_window(qtbot, small_workshop()) as driver:
        minimap, scene = driver.window.minimap, driver.scene
        qtbot.waitUntil(lambda: minimap._fitted is not None)
        assert minimap._fitted[0] == scene.map_rect()
        item = scene.step_items["s4"]
        item.setPos(item.pos() + QPointF(3000, 0))
        qtbot.waitUntil(lambda: minimap._fitted[0] == scene.map_rect())
        assert minimap._fitted[0].contains(item.sceneBoundingRect())
        fitted = minimap._fitted
        driver.document.push(edits.edit_step(driver.document, "s1", text="Check in"))
        driver.scene.set_conflict_counts({"s1": 1})
        qtbot.wait(20)  # the scene has reported its changes to the views
        assert not minimap._refit.isActive()  # words and badges: nothing to fit again
        assert minimap._fitted is fitted


def test_the_overview_repaints_a_changed_card_a_moment_after_the_map(qtbot) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QPaintEvent

    from widgets.minimap import REPAINT_MS

    class Paints(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.regions: list = []

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                assert isinstance(event, QPaintEvent)
                self.regions.append(event.region())
            return False

    with driven_window(qtbot, small_workshop()) as driver:
        minimap, scene = driver.window.minimap, driver.scene
        qtbot.waitUntil(lambda: minimap._fitted is not None)
        qtbot.wait(2 * REPAINT_MS)
        paints, map_paints = Paints(), Paints()
        minimap.viewport().installEventFilter(paints)
        driver.view.viewport().installEventFilter(map_paints)
        driver.document.push(edits.edit_step(driver.document, "s4", text="Take bloods twice"))
        qtbot.waitUntil(lambda: bool(map_paints.regions))  # the map first
        assert paints.regions == [] and minimap._repaint.isActive()
        qtbot.waitUntil(lambda: bool(paints.regions), timeout=5 * REPAINT_MS)
        card = minimap.mapFromScene(scene.step_items["s4"].sceneBoundingRect()).boundingRect()
        assert paints.regions[0].contains(card.center())
        assert minimap._changed == []

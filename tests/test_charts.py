"""Charts: what they show (plain data), and the dock driven as a facilitator does."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from editor_helpers import OFFSCREEN_NOISE, Driver, driven_window, settle
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from app import edits
from app.live_analysis import analyse
from app.model import (
    Actor,
    ConflictRecord,
    JourneyMap,
    Lane,
    Link,
    Note,
    Stage,
    Step,
    Workshop,
)
from app.store import load_workshop
from widgets.charts import CHART_KINDS
from widgets.charts.data import (
    COUNT,
    DASHES,
    DIFFERENT_THINGS,
    JITTER_SPAN,
    SEVERITY,
    SYMBOLS,
    GapMark,
    dimension_data,
    emotion_data,
    jitter,
    matrix_data,
    place_gap_labels,
)

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "workshops").glob("*.journey"))
OUTPATIENT = ROOT / "workshops" / "outpatient-clinic.journey"
Left = Qt.MouseButton.LeftButton
NoMod = Qt.KeyboardModifier.NoModifier


def clinic() -> Workshop:
    """A hand-built map whose charts can be worked out on paper.

    Stages Arrive, Wait, See; lanes Patient, Nurse, Desk; Carer has no lane but rates and
    needs. s1 Patient/Arrive -2 (Nurse feels +2 there: a gap of 4), s2 Nurse/Arrive +1,
    s3 Patient/Wait -1 (Carer +1), s4 Nurse/See +2; links s1-s2, s1-s3, s3-s4.
    Conflicts: waiting time n1/n2 (Patient/Nurse, 5x4/2 = 10), information n3/n4
    (Patient/Desk, 3x2 = 6), declared n1/n4 about different things (Patient/Desk, 5x2 =
    10), staff time n5/n6 (Nurse/Carer, 3) marked "not a conflict".
    """
    w = Workshop()
    for actor in (
        Actor("a-p", "Patient", "patient", "#E69F00"),
        Actor("a-n", "Nurse", "clinician", "#56B4E9"),
        Actor("a-d", "Desk", "staff", "#009E73"),
        Actor("a-c", "Carer", "carer", "#F0E442"),
    ):
        w.actors[actor.id] = actor
    w.maps.append(
        JourneyMap(
            "m1",
            "Visit",
            [Stage("st1", "Arrive"), Stage("st2", "Wait"), Stage("st3", "See")],
            [Lane("a-p"), Lane("a-n"), Lane("a-d")],
        )
    )
    for step in (
        Step("s1", "m1", "st1", "a-p", "Check in", emotion=-2),
        Step("s2", "m1", "st1", "a-n", "Call the name", emotion=1),
        Step("s3", "m1", "st2", "a-p", "Wait", emotion=-1),
        Step("s4", "m1", "st3", "a-n", "Take bloods", emotion=2),
    ):
        w.steps[step.id] = step
    for link in (Link("l1", "s1", "s2"), Link("l2", "s1", "s3"), Link("l3", "s3", "s4")):
        w.links[link.id] = link
    for note in (
        Note("f1", "s1", "feeling", "a-n", "calm", rating=2),
        Note("f2", "s3", "feeling", "a-c", "fine", rating=1),
        Note("n1", "s1", "need", "a-p", "Be seen soon", "Waiting  time", "more", 5),
        Note("n2", "s2", "need", "a-n", "Time per patient", "waiting time", "less", 4),
        Note("n3", "s3", "need", "a-p", "Know what happens", "information", "more", 3),
        Note("n4", "s3", "need", "a-d", "Short answers", "information", "less", 2),
        Note("n5", "s4", "need", "a-n", "Fewer calls", "staff time", "less", 3),
        Note("n6", "s3", "need", "a-c", "Someone to ask", "staff time", "more", 1),
    ):
        w.notes[note.id] = note
    w.conflicts[("n1", "n4")] = ConflictRecord("n1", "n4", declared=True)
    w.conflicts[("n5", "n6")] = ConflictRecord("n5", "n6", status="not a conflict")
    return w


def many_conflicts(steps: int = 75, actors: int = 8) -> Workshop:
    """One map with about 500 conflicts: a chain of steps, each with five needs of
    different actors on five dimensions, some wanting more and some less; radius 2."""
    w = Workshop()
    for i in range(actors):
        w.actors[f"a{i}"] = Actor(f"a{i}", f"Actor {i}", colour=f"#{(40 * i) % 256:02X}7799")
    stages = [Stage(f"st{i}", f"Stage {i}") for i in range(10)]
    lanes = [Lane(f"a{i}") for i in range(actors)]
    w.maps.append(JourneyMap("m1", "Big", stages, lanes, radius=2))
    for i in range(steps):
        actor = f"a{i % actors}"
        w.steps[f"s{i}"] = Step(f"s{i}", "m1", f"st{i * 10 // steps}", actor, f"Step {i}")
        w.steps[f"s{i}"].emotion = (i % 7) - 3
        if i:
            w.links[f"l{i}"] = Link(f"l{i}", f"s{i - 1}", f"s{i}")
        for k in range(5):
            note_actor = f"a{(3 * i + k) % actors}"
            direction = "more" if (i + k // 2) % 2 else "less"
            w.notes[f"n{i}-{k}"] = Note(
                f"n{i}-{k}", f"s{i}", "need", note_actor, "", f"dimension {(i + k) % 5}",
                direction, 1 + (i * k) % 5,
            )  # fmt: skip
    return w


# -- data ------------------------------------------------------------------------------


def test_jitter_is_centred_even_and_deterministic() -> None:
    assert jitter(0) == []
    assert jitter(1) == [0.0]
    assert jitter(2) == [-0.06, 0.06]
    assert jitter(3) == [-0.12, 0.0, 0.12]
    many = jitter(12)
    assert many == jitter(12)
    assert many == sorted(many) and len(set(many)) == 12
    assert many[-1] - many[0] == pytest.approx(JITTER_SPAN)
    assert sum(many) == pytest.approx(0.0)


def test_emotion_series_of_a_hand_built_map() -> None:
    workshop = clinic()
    data = emotion_data(analyse(workshop, "m1", 0), workshop)
    assert data.stages == ("Arrive", "Wait", "See")
    assert [s.style.name for s in data.series] == ["Patient", "Nurse", "Carer"]
    patient, nurse, carer = data.series
    # s1 and s2 share Arrive: s1 comes first (the Patient's lane), so it sits left.
    assert [(p.step, p.x, p.rating) for p in patient.points] == [("s1", -0.06, -2), ("s3", 1, -1)]
    assert [(p.step, p.x, p.rating) for p in nurse.points] == [
        ("s1", -0.06, 2),
        ("s2", 0.06, 1),
        ("s4", 2, 2),
    ]
    assert [(p.step, p.x, p.rating) for p in carer.points] == [("s3", 1, 1)]
    # Lines through the stage means; a stage the actor did not rate is skipped.
    assert (patient.mean_x, patient.mean_y) == ((0.0, 1.0), (-2.0, -1.0))
    assert (nurse.mean_x, nurse.mean_y) == ((0.0, 2.0), (1.5, 2.0))
    assert (carer.mean_x, carer.mean_y) == ((1.0,), (1.0,))
    # Colour from the actor, and marker and dash by order, so never colour alone.
    assert patient.style.colour == "#E69F00" and carer.style.colour == "#F0E442"
    assert [s.style.symbol for s in data.series] == list(SYMBOLS[:3])
    assert [s.style.dash for s in data.series] == list(DASHES[:3])
    assert [(g.step, g.x, g.low, g.high, g.gap, g.actors) for g in data.gaps] == [
        ("s1", -0.06, -2, 2, 4, ("Patient", "Nurse"))
    ]
    assert data.points_of(["s1"]) == [(-0.06, -2), (-0.06, 2)]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_emotion_series_of_the_samples_follow_the_curves(sample: Path) -> None:
    workshop = load_workshop(sample)
    for journey_map in workshop.maps:
        result = analyse(workshop, journey_map.id, 0)
        data = emotion_data(result, workshop)
        assert data == emotion_data(result, workshop)  # deterministic
        assert [s.actor_id for s in data.series] == [c.actor_id for c in result.curves]
        for series, curve in zip(data.series, result.curves, strict=True):
            rated = [(i, m) for i, m in enumerate(curve.stages) if m.ratings]
            assert series.mean_x == tuple(float(i) for i, _ in rated)
            assert series.mean_y == tuple(m.mean for _, m in rated)
            assert [(p.step, p.rating) for p in series.points] == [
                r for _, m in rated for r in m.ratings
            ]
            for point in series.points:  # inside its own stage's slot
                assert abs(point.x - point.stage) <= JITTER_SPAN / 2 + 1e-9
        # Every actor's point for one step shares its x; steps of a stage never do.
        xs = data.step_x()
        for series in data.series:
            for point in series.points:
                assert point.x == xs[point.step]
        assert len(set(xs.values())) == len(xs)
        gaps = result.gaps_of(journey_map.id)
        assert [g.step for g in data.gaps] == [g.step for g in gaps]
        assert all(g.x == xs[g.step] for g in data.gaps)


def test_gap_labels_never_sit_on_each_other() -> None:
    gaps = [
        GapMark("a", 0.94, -2, 1, 3, ("P", "N")),
        GapMark("b", 1.06, -3, 1, 4, ("C", "N")),
        GapMark("c", 1.0, -1, 2, 3, ("P", "D")),
        GapMark("d", 4.0, -2, 1, 3, ("P", "N")),
    ]
    placed = {g.step: g for g in place_gap_labels(gaps, stages=5)}
    # The first of several brackets in a stage labels to its left, the others right.
    assert placed["a"].label_side == "left"
    assert placed["b"].label_side == placed["c"].label_side == "right"
    assert abs(placed["b"].label_y - placed["c"].label_y) >= 0.5
    assert placed["d"].label_side == "left"  # the last stage has no room on the right
    assert placed["d"].label_y == -0.5


def test_matrix_of_a_hand_built_map() -> None:
    workshop = clinic()
    data = matrix_data(analyse(workshop, "m1", 0), workshop)
    # The map's lanes in order, then the Carer, who has needs but no lane.
    assert data.actors == ("Patient", "Nurse", "Desk", "Carer")
    assert data.counts == ((0, 1, 2, 0), (1, 0, 0, 0), (2, 0, 0, 0), (0, 0, 0, 0))
    assert data.severity[0] == (0.0, 10.0, 16.0, 0.0)
    assert (data.total, data.dismissed) == (3, 1)
    assert data.highest(COUNT) == 2 and data.highest(SEVERITY) == 16.0


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_matrix_of_the_samples_is_symmetric_and_adds_up(sample: Path) -> None:
    workshop = load_workshop(sample)
    for journey_map in workshop.maps:
        result = analyse(workshop, journey_map.id, 0)
        data = matrix_data(result, workshop)
        lanes = [workshop.actors[lane.actor].name for lane in journey_map.lanes]
        assert list(data.actors[: len(lanes)]) == lanes
        size = len(data.actors)
        for i in range(size):
            assert data.counts[i][i] == 0
            for j in range(size):
                assert data.counts[i][j] == data.counts[j][i]
                assert data.severity[i][j] == data.severity[j][i]
        counted = [c for c in result.conflicts_of(journey_map.id) if c.status != "not a conflict"]
        upper = [(i, j) for i in range(size) for j in range(i + 1, size)]
        assert sum(data.counts[i][j] for i, j in upper) == len(counted) == data.total
        assert sum(data.severity[i][j] for i, j in upper) == pytest.approx(
            sum(c.severity for c in counted)
        )


def test_dimensions_group_and_put_different_things_last() -> None:
    workshop = clinic()
    data = dimension_data(analyse(workshop, "m1", 0), workshop)
    bars = [(b.dimension, b.count, b.severity) for b in data.bars]
    assert bars == [("waiting time", 1, 10.0), ("information", 1, 6.0), (DIFFERENT_THINGS, 1, 10.0)]
    assert data.dismissed == 1  # staff time, judged not a conflict
    # A bigger group comes first; the declared pairs about different things stay last.
    workshop.notes["n7"] = Note("n7", "s3", "need", "a-c", "", "Information", "more", 5)
    data = dimension_data(analyse(workshop, "m1", 0), workshop)
    assert [(b.dimension, b.count) for b in data.ordered(COUNT)] == [
        ("information", 2),
        ("waiting time", 1),
        (DIFFERENT_THINGS, 1),
    ]
    assert [b.dimension for b in data.ordered(SEVERITY)] == [
        "information",  # 6 + 5 x 2 = 16
        "waiting time",
        DIFFERENT_THINGS,
    ]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_dimensions_of_the_samples_add_up(sample: Path) -> None:
    workshop = load_workshop(sample)
    for journey_map in workshop.maps:
        result = analyse(workshop, journey_map.id, 0)
        data = dimension_data(result, workshop)
        counted = [c for c in result.conflicts_of(journey_map.id) if c.status != "not a conflict"]
        assert sum(b.count for b in data.bars) == len(counted)
        assert {b.dimension for b in data.bars} == {c.dimension for c in counted}
        if any(b.dimension == DIFFERENT_THINGS for b in data.bars):
            assert data.bars[-1].dimension == DIFFERENT_THINGS


# -- the dock --------------------------------------------------------------------------


def test_the_window_starts_without_pyqtgraph_and_imports_it_for_a_chart() -> None:
    """In a fresh process: the chart modules and pyqtgraph come only with a shown chart."""
    script = textwrap.dedent(
        f"""
        import sys, time
        from widgets.application import make_application
        from app.document import Document
        from app.store import load_workshop
        from widgets.main_window import MainWindow

        app = make_application()
        window = MainWindow(Document(load_workshop({str(OUTPATIENT)!r})), interactive=False)
        window.show()
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            app.processEvents()
        print("start", "pyqtgraph" in sys.modules, window.charts.chart("emotion") is not None)
        window.docks["charts"].raise_()
        end = time.monotonic() + 1.0
        while time.monotonic() < end and window.charts.chart("emotion") is None:
            app.processEvents()
        chart = window.charts.chart("emotion")
        print("shown", "pyqtgraph" in sys.modules, len(chart.data.series))
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines == ["start False False", "shown True 5"]


@pytest.fixture
def driver(qtbot) -> Iterator[Driver]:
    with driven_window(qtbot, load_workshop(OUTPATIENT)) as driver:
        settle(qtbot)
        yield driver


def show_chart(driver: Driver, kind: str):
    """Bring the charts dock and the chart's tab to the front, as clicking their tabs does."""
    window = driver.window
    window.docks["charts"].raise_()
    window.charts.show_chart(kind)
    driver.qtbot.waitUntil(lambda: window.charts.chart(kind) is not None)
    chart = window.charts.chart(kind)
    driver.qtbot.waitUntil(lambda: chart.data is not None)
    # The dock area makes room for the new chart over a few layout passes.
    driver.qtbot.waitUntil(lambda: chart.plot.vb.height() > 120)
    settle(driver.qtbot)
    return chart


def wait_for_analysis(driver: Driver) -> None:
    analysis = driver.window.analysis
    charts = driver.window.charts
    driver.qtbot.waitUntil(
        lambda: charts.result is not None and charts.result.generation == analysis.generation
    )
    settle(driver.qtbot)


def view_point(chart, x: float, y: float):
    """Where a point of the plot is on the chart's viewport, for a real click."""
    scene_pos = chart.plot.vb.mapViewToScene(QPointF(x, y))
    return chart.mapFromScene(scene_pos)


def test_every_chart_is_built_when_its_tab_is_first_shown(driver: Driver) -> None:
    charts = driver.window.charts
    for kind in CHART_KINDS:
        chart = show_chart(driver, kind)
        assert chart.isVisible()
    assert [s.style.name for s in charts.chart("emotion").data.series] == [
        "Patient",
        "Front desk",
        "Clinic nurse",
        "Cardiologist",
        "Billing office",
    ]
    assert charts.chart("matrix").data.actors[0] == "Patient"
    assert charts.chart("dimensions").bar_names()[-1] == "(declared, different things)"


def test_charts_follow_an_edit(driver: Driver) -> None:
    chart = show_chart(driver, "emotion")
    before = chart.data
    # The billing office felt -2 about the Patient's call (s20, Patient -3); now +2: a gap.
    feeling = next(
        n.id
        for n in driver.workshop.notes.values()
        if n.step == "s20" and n.kind == "feeling" and n.actor == "a-billing-office"
    )
    assert "s20" not in [g.step for g in before.gaps]
    driver.document.push(edits.edit_note(driver.document, feeling, rating=2))
    wait_for_analysis(driver)
    assert chart.data is not before
    billing = next(s for s in chart.data.series if s.style.name == "Billing office")
    assert sorted((p.step, p.rating) for p in billing.points) == [("s18", 0), ("s20", 2)]
    assert "s20" in [g.step for g in chart.data.gaps]
    assert any(label.isVisible() and label.textItem.toPlainText() == "gap 5"
               for label in chart.gap_labels)  # fmt: skip
    # A chart not on screen catches up when it is shown.
    matrix_before = show_chart(driver, "matrix").data
    show_chart(driver, "emotion")
    driver.document.push(edits.edit_note(driver.document, "n10", direction="less"))
    wait_for_analysis(driver)
    assert driver.window.charts.pages["matrix"].stale
    matrix = show_chart(driver, "matrix")
    assert matrix.data != matrix_before
    assert matrix.data.counts[0][4] == 0  # Patient and Billing office agree now


def test_an_edit_that_changes_no_rating_leaves_the_emotion_chart_as_drawn(driver: Driver) -> None:
    chart = show_chart(driver, "emotion")
    before = chart.data
    step = next(iter(driver.workshop.steps))
    driver.document.push(edits.edit_step(driver.document, step, text="Other words"))
    wait_for_analysis(driver)
    assert not driver.window.charts.pages["emotion"].stale
    assert chart.data is before  # the same picture: nothing redrawn


def test_the_emotion_chart_is_made_again_only_from_other_curves_gaps_or_styles(
    driver: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart = show_chart(driver, "emotion")
    from widgets.charts import data as chart_data

    made = []
    original = chart_data.emotion_data
    monkeypatch.setattr(chart_data, "emotion_data", lambda *args: made.append(1) or original(*args))
    driver.document.push(edits.edit_step(driver.document, "s5", text="Other words"))
    wait_for_analysis(driver)
    assert made == []  # the same curves and gaps: not even the data is made again
    patient = next(s for s in chart.data.series if s.style.name == "Patient")
    driver.document.push(edits.edit_actor(driver.document, patient.actor_id, colour="#222222"))
    wait_for_analysis(driver)
    assert made == [1]
    patient = next(s for s in chart.data.series if s.style.name == "Patient")
    assert patient.style.colour == "#222222"


def test_a_chart_works_out_its_data_in_one_turn_and_shows_it_in_the_next(driver: Driver) -> None:
    chart = show_chart(driver, "emotion")
    charts, page = driver.window.charts, driver.window.charts.pages["emotion"]
    before = chart.data
    driver.document.push(edits.edit_step(driver.document, "s5", emotion=3))
    driver.window.analysis.run_now()  # reported now; the charts' turns are still to come
    assert page.stale and chart.data is before
    charts._prepare_pages()  # the first turn: the data, not drawn
    assert page.prepared is not None and chart.data is before
    data = page.prepared[2]
    charts._refresh_pages()  # the next: drawn
    assert page.prepared is None and not page.stale and chart.data is data
    assert ("s5", 3) in [(p.step, p.rating) for s in chart.data.series for p in s.points]
    charts._refresh_pages()  # nothing new: nothing to do
    assert chart.data is data


def test_on_screen_the_emotion_chart_draws_from_cached_pictures_and_exports_shapes(
    driver: Driver,
) -> None:
    from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSizeF
    from PySide6.QtGui import QPainter, QPixmapCache
    from PySide6.QtSvg import QSvgGenerator
    from PySide6.QtWidgets import QGraphicsItem

    from widgets.application import PIXMAP_CACHE_KB, make_application

    make_application()
    assert QPixmapCache.cacheLimit() >= PIXMAP_CACHE_KB >= 64 * 1024
    chart = show_chart(driver, "emotion")
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    items = [chart.brackets, *chart.gap_labels]
    for actor in chart.actors:
        items += [actor.line.curve, actor.points]
    assert all(item.cacheMode() == cached for item in items)
    assert chart.brackets.opts["antialias"] is False  # level and upright strokes

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(chart.size())
    painter = QPainter(generator)
    size = QSizeF(chart.size())
    chart.render_chart(painter, QRectF(0, 0, size.width(), size.height()), size)
    painter.end()
    svg = bytes(buffer.data().data()).decode()
    assert "<image" not in svg  # no cached picture went into the drawing
    assert chart.data.gaps and f">gap {chart.data.gaps[0].gap}<" in svg  # text, as text
    assert svg.count("<polyline") >= len(chart.data.series)  # lines, as lines
    assert all(item.cacheMode() == cached for item in items)  # cached again on screen


def test_clicking_a_point_selects_its_step(driver: Driver) -> None:
    chart = show_chart(driver, "emotion")
    x, y = chart.point_position("s5")
    QTest.mouseClick(chart.viewport(), Left, NoMod, view_point(chart, x, y))
    assert driver.window.selection.steps == ["s5"]
    # Selecting a step on the map rings its points: one ring per actor who rated it.
    driver.window.selection.select(["s10"])
    rings = chart.rings.data
    assert sorted(zip(rings["x"], rings["y"], strict=True)) == sorted(chart.data.points_of(["s10"]))
    assert {p.data() for p in chart.rings.points()} == {"s10"}
    driver.window.selection.select([])
    assert len(chart.rings.data) == 0


def test_clicking_a_matrix_cell_filters_the_conflicts_panel(driver: Driver, qtbot) -> None:
    chart = show_chart(driver, "matrix")
    actors = chart.data.actors
    row, column = actors.index("Patient"), actors.index("Cardiologist")
    with qtbot.waitSignal(chart.pair_chosen) as chosen:
        QTest.mouseClick(
            chart.viewport(), Left, NoMod, chart.mapFromScene(chart.cell_centre(row, column))
        )
    assert chosen.args == ["Patient", "Cardiologist"]
    panel = driver.window.conflicts_panel
    assert panel.pair_combo.currentText() == "Patient ↔ Cardiologist"
    proxy = panel.conflict_table.model()
    assert proxy.rowCount() == 1 and proxy.key_at(0) == ("n7", "n8")
    assert not driver.window.docks["conflicts"].visibleRegion().isEmpty()
    # The diagonal chooses nothing.
    with qtbot.assertNotEmitted(chart.pair_chosen):
        chart.choose_cell(row, row)


def test_the_measure_toggle_recolours_the_matrix_and_reorders_the_bars(driver: Driver) -> None:
    chart = show_chart(driver, "matrix")
    page = driver.window.charts.pages["matrix"]
    severity = next(b for b in page.measure_buttons.buttons() if b.property("measure") == SEVERITY)
    severity.click()
    assert chart.measure == SEVERITY
    assert "total severity" in chart.title.text
    row, column = chart.data.actors.index("Patient"), chart.data.actors.index("Cardiologist")
    cell = chart.texts.cells[row * len(chart.data.actors) + column]
    assert (cell.value, cell.detail) == ("20", "1 conflict")
    bars = show_chart(driver, "dimensions")
    assert bars.measure == COUNT  # each tab has its own toggle
    assert bars.bar_names()[0] == "consultation time"


def test_an_update_takes_under_10_ms_with_500_conflicts(qtbot) -> None:
    workshop = many_conflicts()
    edited = many_conflicts()
    for note in edited.notes.values():  # every weight changes: every number moves
        note.weight = 6 - note.weight
    results = (analyse(workshop, "m1", 0), analyse(edited, "m1", 1))
    assert 400 <= len(results[0].conflicts) <= 700, len(results[0].conflicts)
    from widgets.charts.dimensions import DimensionsChart
    from widgets.charts.emotion import EmotionChart
    from widgets.charts.matrix import MatrixChart

    timings = {}
    for kind, chart, prepare in (
        ("emotion", EmotionChart(), emotion_data),
        ("matrix", MatrixChart(), matrix_data),
        ("dimensions", DimensionsChart(), dimension_data),
    ):
        qtbot.addWidget(chart)
        chart.resize(1200, 600)
        chart.show()
        qtbot.waitExposed(chart)
        chart.set_data(prepare(results[1], edited))  # the first one builds the items
        runs = []
        for run in range(16):  # each update shows the other result: all of it changes
            started = time.perf_counter()
            chart.set_data(prepare(results[run % 2], workshop))
            runs.append((time.perf_counter() - started) * 1000)
        timings[kind] = statistics.median(runs)
    print(
        f"chart update with {len(results[0].conflicts)} conflicts, median ms:",
        {k: round(v, 2) for k, v in timings.items()},
    )
    assert all(ms < 10 for ms in timings.values()), timings

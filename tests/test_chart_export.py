"""Chart exports read back by real consumers: QImage for PNG, ElementTree for SVG, pypdf
for PDF; the `chart` command with no display; the dock's Export button."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf
import pytest
from editor_helpers import OFFSCREEN_NOISE, driven_window, settle
from PySide6.QtGui import QImage

from app.errors import WorkshopError
from app.model import Workshop
from app.store import load_workshop
from widgets.charts import CHART_KINDS
from widgets.charts.export import export_chart
from widgets.theme import FONT_FAMILY, load_fonts

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

ROOT = Path(__file__).resolve().parent.parent
DISCHARGE = ROOT / "workshops" / "hospital-discharge.journey"
SVG = "{http://www.w3.org/2000/svg}"
ACTORS = ["Patient", "Carer", "Ward nurse", "Ward doctor", "Pharmacist", "Community nurse"]
# The stage names as the emotion chart's axis writes them (long ones on two lines).
STAGE_WORDS = ["Ward round", "Discharge", "Medicines to", "Going home", "Follow-up"]


@pytest.fixture
def workshop(qapp) -> Workshop:
    load_fonts()
    return load_workshop(DISCHARGE)


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_png_is_the_size_asked_for_and_painted(workshop: Workshop, tmp_path: Path, kind) -> None:
    out = tmp_path / f"{kind}.png"
    info = export_chart(workshop, workshop.maps[0].id, kind, out, width=1000, height=640)
    assert (info.format, info.width, info.height) == ("PNG", 1000, 640)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 640)
    assert round(image.dotsPerMeterX() * 0.0254) == 96
    colours = {image.pixel(x, y) for x in range(0, 1000, 5) for y in range(0, 640, 5)}
    assert len(colours) > 20, "a blank or one-colour picture"
    # White around the chart, ink on it.
    assert image.pixelColor(2, 2).name() == "#ffffff"
    dark = sum(
        1
        for x in range(0, 1000, 4)
        for y in range(0, 640, 4)
        if image.pixelColor(x, y).lightness() < 80
    )
    assert dark > 200


def test_svg_of_the_emotion_curves_has_real_text(workshop: Workshop, tmp_path: Path) -> None:
    out = tmp_path / "emotion.svg"
    export_chart(workshop, workshop.maps[0].id, "emotion", out)
    root = ET.parse(out).getroot()
    assert root.get("viewBox") == "0 0 1280 720"
    assert root.findtext(f"{SVG}title") == "How people felt: As is: discharge home from the ward"
    texts = svg_texts(out)
    for name in ACTORS:
        assert name in texts
    for words in STAGE_WORDS:
        assert words in texts
    assert "-3 very bad" in texts and "+3 very good" in texts
    assert "gap 4" in texts
    families = set(re.findall(r'font-family="([^"]*)"', out.read_text(encoding="utf-8")))
    assert families == {f"{FONT_FAMILY}, sans-serif"}


def test_svg_of_the_matrix_and_bars(workshop: Workshop, tmp_path: Path) -> None:
    matrix = tmp_path / "matrix.svg"
    export_chart(workshop, workshop.maps[0].id, "matrix", matrix, measure="severity")
    texts = svg_texts(matrix)
    assert texts.count("Patient") == 2  # a row and a column
    assert texts.count("25") == 2 and texts.count("2 conflicts") == 2  # Carer and Ward nurse
    assert "Click a cell to list its conflicts." not in " ".join(texts)  # not on paper
    bars = tmp_path / "bars.svg"
    export_chart(workshop, workshop.maps[0].id, "dimensions", bars)
    texts = svg_texts(bars)
    assert "notice of discharge" in texts
    assert "(declared, different" in texts and "1 (severity 12)" in texts


def test_pdf_is_one_vector_page_with_text(workshop: Workshop, tmp_path: Path) -> None:
    out = tmp_path / "emotion.pdf"
    info = export_chart(workshop, workshop.maps[0].id, "emotion", out, width=1200, height=800)
    assert (info.format, info.pages) == ("PDF", 1)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (900, 600)  # 96 px = 72 pt
    assert reader.metadata.title == "How people felt: As is: discharge home from the ward"
    text = pdf_text(out)
    for name in [*ACTORS, "Ward round", "Follow-up", "very bad", "gap 4"]:
        assert name in text
    assert not reader.pages[0].images, "the chart is drawn, not pasted as a picture"
    matrix = tmp_path / "matrix.pdf"
    export_chart(workshop, workshop.maps[0].id, "matrix", matrix)
    assert "Community nurse" in pdf_text(matrix)


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("chart.gif", {}, "cannot export as '.gif'"),
        ("chart.png", {"kind": "pie"}, "unknown chart 'pie'"),
        ("chart.png", {"measure": "weight"}, "unknown measure 'weight'"),
        ("chart.png", {"width": 100}, "from 320 to 8000 pixels"),
        ("chart.png", {"height": 9000}, "from 320 to 8000 pixels"),
        ("no/such/folder/chart.png", {}, "the folder does not exist"),
    ],
)
def test_bad_requests_say_what_is_wrong(
    workshop: Workshop, tmp_path: Path, name: str, options: dict, message: str
) -> None:
    kind = options.pop("kind", "emotion")
    with pytest.raises(WorkshopError, match=re.escape(message)):
        export_chart(workshop, workshop.maps[0].id, kind, tmp_path / name, **options)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file(
    workshop: Workshop, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "chart.svg"
    out.write_text("the old chart", encoding="utf-8")

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(WorkshopError, match="the disk is full; the previous version is unchanged"):
        export_chart(workshop, workshop.maps[0].id, "matrix", out)
    assert out.read_text(encoding="utf-8") == "the old chart"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]  # no temporary file left


def test_export_button_of_the_dock(qtbot, tmp_path: Path) -> None:
    with driven_window(qtbot, load_workshop(DISCHARGE)) as driver:
        settle(qtbot)
        window = driver.window
        window.docks["charts"].raise_()
        charts = window.charts
        charts.show_chart("matrix")
        qtbot.waitUntil(lambda: charts.chart("matrix") is not None)
        page = charts.pages["matrix"]
        next(
            b for b in page.measure_buttons.buttons() if b.property("measure") == "severity"
        ).click()
        out = tmp_path / "from the dock.svg"
        asked = []
        charts.ask_path = lambda parent, suggested: asked.append(suggested) or str(out)
        page.export_button.click()
        assert asked == ["As is: discharge home from the ward - Conflict matrix.png"]
        assert "25" in svg_texts(out) and "Conflicts between actors (total severity)" in (
            ET.parse(out).getroot().findtext(f"{SVG}title")
        )
        errors = []
        charts.show_error = lambda title, message: errors.append(message)
        charts.ask_path = lambda parent, suggested: str(tmp_path / "chart.bmp")
        page.export_button.click()
        assert errors and "cannot export as '.bmp'" in errors[0]


# -- command line -----------------------------------------------------------------------


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`journey-workshop ...` with no display at all: no DISPLAY, Wayland or Qt platform."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_chart_command_writes_every_kind_without_a_display(tmp_path: Path) -> None:
    for kind, suffix in (("emotion", "png"), ("matrix", "svg"), ("dimensions", "pdf")):
        out = tmp_path / f"{kind}.{suffix}"
        done = run_cli("chart", DISCHARGE, "--kind", kind, "-o", out, "--width", "900")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"{out}: {kind} chart, ")
        assert out.stat().st_size > 1000
    assert QImage(str(tmp_path / "emotion.png")).size().toTuple() == (900, 720)
    assert "Ward doctor" in svg_texts(tmp_path / "matrix.svg")
    assert "notice of discharge" in pdf_text(tmp_path / "dimensions.pdf")


def test_chart_command_exit_status(tmp_path: Path) -> None:
    out = tmp_path / "chart.png"
    done = run_cli("chart", DISCHARGE, "--kind", "matrix", "--map", "Nope", "-o", out)
    assert done.returncode == 1
    assert "no map named 'Nope' to chart; its maps: 'As is: discharge home" in done.stderr
    done = run_cli("chart", DISCHARGE, "--kind", "matrix", "-o", tmp_path / "chart.jpg")
    assert done.returncode == 1 and "cannot export as '.jpg'" in done.stderr
    done = run_cli("chart", DISCHARGE, "--kind", "pie", "-o", out)
    assert done.returncode == 2 and "invalid choice: 'pie'" in done.stderr
    done = run_cli("chart", tmp_path / "missing.journey", "--kind", "emotion", "-o", out)
    assert done.returncode == 1
    assert not out.exists()

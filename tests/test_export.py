"""Map exports checked by real consumers: QImage reads PNG, ElementTree SVG, pypdf PDF."""

from __future__ import annotations

import errno
import math
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem

from app.document import Document
from app.errors import WorkshopError
from app.model import CARD_WIDTH, JourneyMap, Lane, Stage, Step, Workshop
from app.store import load_workshop, save_workshop
from widgets.canvas.items import STRIPE_WIDTH, TEXT_MARGIN, wrap_text
from widgets.canvas.scene import MapScene
from widgets.export import (
    EXPORT_MARGIN,
    build_export_scene,
    export_map,
    export_rect,
    png_size,
)
from widgets.export_dialog import ExportDialog, safe_file_stem
from widgets.theme import CARD_TEXT_PX, FONT_FAMILY, STANDARD, load_fonts, scene_font

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "workshops" / "outpatient-clinic.journey"
SVG = "{http://www.w3.org/2000/svg}"
A4_LANDSCAPE_PT = (842, 595)
LETTER_LANDSCAPE_PT = (792, 612)


@pytest.fixture
def workshop(qapp) -> Workshop:
    load_fonts()
    return load_workshop(SAMPLE)


@pytest.fixture
def map_id(workshop: Workshop) -> str:
    return workshop.maps[0].id


def expected_rect(workshop: Workshop, map_id: str) -> QRectF:
    return export_rect(build_export_scene(workshop, map_id))


def card_lines(step: Step) -> list[str]:
    """The lines of a step's text as its card shows them (wrapped, the last maybe elided)."""
    width = CARD_WIDTH - 2 * TEXT_MARGIN - STRIPE_WIDTH
    max_lines = 3 if step.with_actors else 4
    return wrap_text(step.text, scene_font(CARD_TEXT_PX), width, max_lines)


def normalised(text: str) -> str:
    """NFKC (PDF ligatures like 'ﬁ' become 'fi'), one space between words."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def visible_part(line: str) -> str:
    """A card line without its elision mark: what must appear word for word."""
    return normalised(line.split("…")[0])


# -- PNG --------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1, 2])
def test_png_has_the_documented_size_and_resolution(
    workshop: Workshop, map_id: str, tmp_path: Path, scale: int
) -> None:
    out = tmp_path / "map.png"
    info = export_map(workshop, map_id, out, scale=scale)

    image = QImage(str(out))
    assert not image.isNull()
    rect = expected_rect(workshop, map_id)
    width, height = math.ceil(rect.width() * scale), math.ceil(rect.height() * scale)
    assert (image.width(), image.height()) == (width, height) == (info.width, info.height)
    assert png_size(rect, scale).width() == width
    # The rectangle is the map and its margin, in whole pixels.
    map_rect = build_export_scene(workshop, map_id).map_rect()
    assert rect.contains(map_rect.adjusted(-EXPORT_MARGIN, -EXPORT_MARGIN, 0, 0).topLeft())
    assert rect.width() >= map_rect.width() + 2 * EXPORT_MARGIN
    assert rect.width() - (map_rect.width() + 2 * EXPORT_MARGIN) < 5
    assert image.dotsPerMeterX() == round(96 * scale / 0.0254)


def test_png_scale_between_whole_numbers_rounds_up(
    workshop: Workshop, map_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "map.png"
    export_map(workshop, map_id, out, scale=1.5)
    rect = expected_rect(workshop, map_id)
    image = QImage(str(out))
    assert image.width() == math.ceil(rect.width() * 1.5)
    assert image.height() == math.ceil(rect.height() * 1.5)


def test_png_background_is_white_or_transparent(
    workshop: Workshop, map_id: str, tmp_path: Path
) -> None:
    white, clear = tmp_path / "white.png", tmp_path / "clear.png"
    export_map(workshop, map_id, white)
    export_map(workshop, map_id, clear, transparent=True)
    opaque, transparent = QImage(str(white)), QImage(str(clear))
    corners = [(0, 0), (opaque.width() - 1, 0), (0, opaque.height() - 1)]
    corners.append((opaque.width() - 1, opaque.height() - 1))
    for x, y in corners:
        assert opaque.pixelColor(x, y) == QColor("#FFFFFF")
        assert transparent.pixelColor(x, y).alpha() == 0
    assert transparent.hasAlphaChannel()
    # The map itself is opaque in both: the stage header's fill in the top-left cell.
    inside = (int(EXPORT_MARGIN) + 40, int(EXPORT_MARGIN) + 20)
    assert transparent.pixelColor(*inside).alpha() == 255
    assert transparent.pixelColor(*inside).rgb() == opaque.pixelColor(*inside).rgb()


def test_export_shows_no_selection(qtbot, workshop: Workshop, map_id: str, tmp_path: Path) -> None:
    # The editor's scene with every card selected...
    document = Document(workshop)
    editor_scene = MapScene(document, map_id)
    for item in editor_scene.items():
        item.setSelected(True)
    assert editor_scene.selectedItems()
    # ...draws the selection outline left of each card; the export draws none.
    export_scene = build_export_scene(document, map_id)
    assert export_scene.selectedItems() == []
    rect = export_rect(export_scene)
    out = tmp_path / "map.png"
    export_map(document, map_id, out)
    exported = QImage(str(out))

    with_selection = QImage(exported.size(), QImage.Format.Format_RGB32)
    with_selection.fill(QColor("#FFFFFF"))
    painter = QPainter(with_selection)
    editor_scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()

    selection = STANDARD.selection
    step_item = next(iter(editor_scene.step_items.values()))
    x = round(step_item.pos().x() - 3 - rect.left())
    y = round(step_item.pos().y() + 80 - rect.top())
    assert close_colours(with_selection.pixelColor(x, y), selection)  # the check can fail
    assert not close_colours(exported.pixelColor(x, y), selection)


def close_colours(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) < 40


def test_export_scene_draws_cards_each_time_not_from_a_cache(
    workshop: Workshop, map_id: str
) -> None:
    scene = build_export_scene(workshop, map_id)
    assert scene.step_items
    assert all(i.cacheMode() == QGraphicsItem.CacheMode.NoCache for i in scene.items())


def test_export_shows_conflict_badges(workshop: Workshop, map_id: str) -> None:
    scene = build_export_scene(workshop, map_id)
    assert scene.conflict_counts, "the sample has conflicts"
    for step_id, count in scene.conflict_counts.items():
        assert scene.step_items[step_id].face.conflicts == count


# -- SVG --------------------------------------------------------------------------------


def test_svg_parses_with_viewbox_real_text_in_the_shipped_font(
    workshop: Workshop, map_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "map.svg"
    export_map(workshop, map_id, out)

    root = ET.parse(out).getroot()
    assert root.tag == f"{SVG}svg"
    rect = expected_rect(workshop, map_id)
    assert root.get("viewBox") == f"0 0 {rect.width():g} {rect.height():g}"
    title = root.find(f"{SVG}title")
    assert title is not None and workshop.maps[0].name in (title.text or "")
    assert root.find(f".//{SVG}image") is None, "a vector export holds no pictures"

    texts = list(root.iter(f"{SVG}text"))
    contents = [normalised("".join(t.itertext())) for t in texts]
    for step in workshop.steps_of(map_id):
        for line in card_lines(step):
            part = visible_part(line)
            assert any(c.startswith(part) for c in contents), (step.id, line)
    for stage in workshop.maps[0].stages:
        assert stage.name in contents
    families = {t.get("font-family") for t in texts}
    assert families == {f"{FONT_FAMILY}, sans-serif"}


# -- PDF --------------------------------------------------------------------------------


def pdf_text(path: Path) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(path)
    return reader, normalised(" ".join(page.extract_text() for page in reader.pages))


def assert_vector_page_with_step_texts(
    reader: pypdf.PdfReader, text: str, workshop: Workshop, map_id: str
) -> None:
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert len(page.images) == 0, "the cards went in as pictures, not vectors"
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("NotoSans" in font for font in fonts), fonts
    for step in workshop.steps_of(map_id):
        for line in card_lines(step):
            assert visible_part(line) in text, (step.id, line)


def test_pdf_one_page_the_map_size_with_selectable_text(
    workshop: Workshop, map_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "map.pdf"
    info = export_map(workshop, map_id, out)

    reader, text = pdf_text(out)
    assert_vector_page_with_step_texts(reader, text, workshop, map_id)
    rect = expected_rect(workshop, map_id)
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (rect.width() * 0.75, rect.height() * 0.75)
    assert info.pages == 1
    assert workshop.maps[0].name in (reader.metadata.title or "")


@pytest.mark.parametrize(
    ("page", "size"), [("A4", A4_LANDSCAPE_PT), ("Letter", LETTER_LANDSCAPE_PT), ("a4", None)]
)
def test_pdf_fitted_to_a_landscape_page(
    workshop: Workshop, map_id: str, tmp_path: Path, page: str, size: tuple[int, int] | None
) -> None:
    out = tmp_path / "map.pdf"
    export_map(workshop, map_id, out, page=page)
    reader, text = pdf_text(out)
    assert_vector_page_with_step_texts(reader, text, workshop, map_id)
    box = reader.pages[0].mediabox
    width, height = float(box.width), float(box.height)
    assert (round(width), round(height)) == (size or A4_LANDSCAPE_PT)


# -- options and failures ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("map.gif", {}, "choose a name ending in .png, .svg or .pdf"),
        ("map", {}, "choose a name ending in .png, .svg or .pdf"),
        ("map.png", {"scale": 5}, "the scale must be from 1 to 4, not 5"),
        ("map.png", {"scale": 0.5}, "the scale must be from 1 to 4"),
        ("map.png", {"page": "A4"}, "a page size is for PDF exports only"),
        ("map.pdf", {"page": "A3"}, "unknown page size 'A3'; use A4 or Letter"),
    ],
)
def test_wrong_options_are_refused_before_writing(
    workshop: Workshop, map_id: str, tmp_path: Path, name: str, options: dict, message: str
) -> None:
    with pytest.raises(WorkshopError, match=re.escape(message)):
        export_map(workshop, map_id, tmp_path / name, **options)
    assert list(tmp_path.iterdir()) == []


def test_unknown_map_names_the_maps(workshop: Workshop, tmp_path: Path) -> None:
    with pytest.raises(WorkshopError, match="its maps: 'As is: outpatient visit'"):
        export_map(workshop, "m-nope", tmp_path / "map.png")


def test_missing_folder_is_said_plainly(workshop: Workshop, map_id: str, tmp_path: Path) -> None:
    with pytest.raises(WorkshopError, match="the folder does not exist"):
        export_map(workshop, map_id, tmp_path / "missing" / "map.png")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_previous_file_and_leaves_no_temp_file(
    workshop: Workshop, map_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "map.svg"
    out.write_text("the previous export", encoding="utf-8")

    def full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(WorkshopError) as raised:
        export_map(workshop, map_id, out)
    assert str(raised.value) == (
        f"{out}: could not export: the disk is full; the previous version is unchanged"
    )
    assert out.read_text(encoding="utf-8") == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["map.svg"]


def test_export_replaces_an_existing_file(workshop: Workshop, map_id: str, tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    out.write_text("old", encoding="utf-8")
    export_map(workshop, map_id, out)
    assert ET.parse(out).getroot().tag == f"{SVG}svg"
    assert [p.name for p in tmp_path.iterdir()] == ["map.svg"]


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


def two_map_workshop(path: Path) -> Path:
    """The sample with a second map, 'To be', holding one step."""
    workshop = load_workshop(SAMPLE)
    lane_actor = workshop.maps[0].lanes[0].actor
    workshop.maps.append(JourneyMap("m-to-be", "To be", [Stage("m-to-be.s1", "Booking")]))
    workshop.maps[-1].lanes.append(Lane(lane_actor))
    workshop.steps["s900"] = Step("s900", "m-to-be", "m-to-be.s1", lane_actor, "Book online")
    save_workshop(workshop, path)
    return path


def test_cli_exports_png_without_a_display(workshop: Workshop, map_id: str, tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    result = run_cli("export", SAMPLE, "-o", out, "--scale", "2", "--transparent")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rect = expected_rect(workshop, map_id)
    width, height = math.ceil(rect.width() * 2), math.ceil(rect.height() * 2)
    assert result.stdout.strip() == f"{out}: {width} × {height} px PNG"
    image = QImage(str(out))
    assert (image.width(), image.height()) == (width, height)
    assert image.pixelColor(0, 0).alpha() == 0


def test_cli_exports_svg_and_pdf(workshop: Workshop, map_id: str, tmp_path: Path) -> None:
    svg, pdf = tmp_path / "map.svg", tmp_path / "map.pdf"
    assert run_cli("export", SAMPLE, "-o", svg).returncode == 0
    assert ET.parse(svg).getroot().tag == f"{SVG}svg"
    result = run_cli("export", SAMPLE, "-o", pdf, "--page", "Letter")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{pdf}: 1 page PDF, Letter landscape"
    reader, text = pdf_text(pdf)
    assert_vector_page_with_step_texts(reader, text, workshop, map_id)


def test_cli_chooses_the_map_by_name(tmp_path: Path) -> None:
    journey = two_map_workshop(tmp_path / "two.journey")
    out = tmp_path / "to-be.pdf"
    result = run_cli("export", journey, "--map", "To be", "-o", out)
    assert result.returncode == 0, result.stderr
    _reader, text = pdf_text(out)
    assert "Book online" in text
    assert "Phone to book" not in text

    result = run_cli("export", journey, "--map", "Future", "-o", out)
    assert result.returncode == 1
    assert "no map named 'Future'" in result.stderr
    assert "its maps: 'As is: outpatient visit', 'To be'" in result.stderr


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--scale", "5"], 1, "the scale must be from 1 to 4, not 5"),
        (["--scale", "two"], 2, "invalid float value: 'two'"),
        (["--page", "A3"], 2, "invalid choice: 'A3'"),
    ],
)
def test_cli_bad_options(tmp_path: Path, args: list[str], status: int, message: str) -> None:
    result = run_cli("export", SAMPLE, "-o", tmp_path / "map.png", *args)
    assert result.returncode == status
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_unknown_suffix_and_missing_folder(tmp_path: Path) -> None:
    result = run_cli("export", SAMPLE, "-o", tmp_path / "map.gif")
    assert result.returncode == 1
    assert "choose a name ending in .png, .svg or .pdf" in result.stderr

    out = tmp_path / "missing" / "map.pdf"
    result = run_cli("export", SAMPLE, "-o", out)
    assert result.returncode == 1
    assert result.stderr.strip() == f"{out}: could not export: the folder does not exist"
    assert list(tmp_path.iterdir()) == []


# -- the dialog -------------------------------------------------------------------------


def test_dialog_offers_the_options_of_the_chosen_format(qtbot, workshop: Workshop) -> None:
    dialog = ExportDialog(None, Document(workshop), workshop.maps[0].id)
    qtbot.addWidget(dialog)
    assert dialog.chosen_map() == workshop.maps[0].id
    for kind, png, pdf in [("PNG", True, False), ("SVG", False, False), ("PDF", False, True)]:
        dialog.format_box.setCurrentIndex(dialog.format_box.findData(kind))
        assert dialog.scale_box.isEnabled() is png
        assert dialog.transparent_box.isEnabled() is png
        assert dialog.page_box.isEnabled() is pdf
        assert dialog.suggested_path().name == f"As is - outpatient visit.{kind.lower()}"


def test_dialog_exports_with_its_options(
    qtbot, workshop: Workshop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ExportDialog(None, Document(workshop, tmp_path / "w.journey"), workshop.maps[0].id)
    qtbot.addWidget(dialog)
    assert dialog.suggested_path().parent == tmp_path
    dialog.scale_box.setValue(2)
    dialog.transparent_box.setChecked(True)
    monkeypatch.setattr(dialog, "choose_path", lambda: tmp_path / "slide.png")
    dialog.export_button.click()

    assert dialog.result() == ExportDialog.DialogCode.Accepted
    assert dialog.exported_path == tmp_path / "slide.png"
    image = QImage(str(tmp_path / "slide.png"))
    rect = expected_rect(workshop, workshop.maps[0].id)
    assert image.width() == math.ceil(rect.width() * 2)
    assert image.pixelColor(0, 0).alpha() == 0


def test_dialog_says_why_an_export_failed_and_stays_open(
    qtbot, workshop: Workshop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ExportDialog(None, Document(workshop), workshop.maps[0].id)
    qtbot.addWidget(dialog)
    shown: list[str] = []
    monkeypatch.setattr(dialog, "show_error", shown.append)
    monkeypatch.setattr(dialog, "choose_path", lambda: tmp_path / "missing" / "map.png")
    dialog.export_button.click()
    assert shown == [
        f"{tmp_path / 'missing' / 'map.png'}: could not export: the folder does not exist"
    ]
    assert dialog.result() != ExportDialog.DialogCode.Accepted
    assert dialog.exported_path is None


def test_choose_path_adds_the_suffix(
    qtbot, workshop: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ExportDialog(None, Document(workshop), workshop.maps[0].id)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("PDF"))
    monkeypatch.setattr(
        "widgets.export_dialog.QFileDialog.getSaveFileName",
        lambda *args: ("/tmp/slides/visit", "PDF documents (*.pdf)"),
    )
    assert dialog.choose_path() == Path("/tmp/slides/visit.pdf")


def test_safe_file_stem() -> None:
    assert safe_file_stem("As is: outpatient visit") == "As is - outpatient visit"
    assert safe_file_stem("A/B") == "A - B"
    assert safe_file_stem("...") == "map"

"""Fonts and colours: the shipped font, a standard and a high-contrast theme for projectors."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase

FONT_FAMILY = "Noto Sans"
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf")

# Scene font sizes in pixels at 100 % zoom (16 px is 12 pt on a 96 dpi screen).
CARD_TEXT_PX = 16
CARD_SMALL_PX = 14
HEADER_PX = 18


def resources_dir() -> Path:
    """The `resources/` folder, in a checkout or inside the PyInstaller build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


_fonts_loaded = False


def load_fonts() -> str:
    """Register the shipped font with Qt (once) and return its family name."""
    global _fonts_loaded
    if not _fonts_loaded:
        for name in FONT_FILES:
            path = resources_dir() / "fonts" / name
            if QFontDatabase.addApplicationFont(str(path)) < 0:
                raise RuntimeError(f"cannot load the font {path}")
        _fonts_loaded = True
    return FONT_FAMILY


def scene_font(pixel_size: int, bold: bool = False, italic: bool = False) -> QFont:
    """The shipped font at a pixel size, for drawing on the canvas and in exports."""
    font = QFont(FONT_FAMILY)
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    font.setItalic(italic)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


@dataclass(frozen=True)
class Theme:
    """Colours of the canvas; `line_scale` thickens lines for the high-contrast theme."""

    name: str
    background: QColor
    cell: QColor
    cell_alt: QColor
    grid_line: QColor
    header_fill: QColor
    header_text: QColor
    card_fill: QColor
    card_border: QColor
    card_text: QColor
    card_muted: QColor
    selection: QColor
    link: QColor
    handoff: QColor
    conflict: QColor
    conflict_text: QColor
    line_scale: float = 1.0


STANDARD = Theme(
    name="standard",
    background=QColor("#FFFFFF"),
    cell=QColor("#FAFAFA"),
    cell_alt=QColor("#F0F2F5"),
    grid_line=QColor("#C5CAD3"),
    header_fill=QColor("#E4E8EE"),
    header_text=QColor("#111111"),
    card_fill=QColor("#FFFFFF"),
    card_border=QColor("#5B6270"),
    card_text=QColor("#111111"),
    card_muted=QColor("#3D4350"),
    selection=QColor("#0B5CD5"),
    link=QColor("#3D4350"),
    handoff=QColor("#A23B00"),
    conflict=QColor("#C0001A"),
    conflict_text=QColor("#FFFFFF"),
)

HIGH_CONTRAST = Theme(
    name="high contrast",
    background=QColor("#FFFFFF"),
    cell=QColor("#FFFFFF"),
    cell_alt=QColor("#FFFFFF"),
    grid_line=QColor("#000000"),
    header_fill=QColor("#000000"),
    header_text=QColor("#FFFFFF"),
    card_fill=QColor("#FFFFFF"),
    card_border=QColor("#000000"),
    card_text=QColor("#000000"),
    card_muted=QColor("#000000"),
    selection=QColor("#0040C0"),
    link=QColor("#000000"),
    handoff=QColor("#000000"),
    conflict=QColor("#B00000"),
    conflict_text=QColor("#FFFFFF"),
    line_scale=1.6,
)

THEMES = {STANDARD.name: STANDARD, HIGH_CONTRAST.name: HIGH_CONTRAST}


def readable_text_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on `colour` (WCAG relative luminance)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    luminance = (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )
    return QColor("#000000") if luminance > 0.179 else QColor("#FFFFFF")


def tint(colour: QColor, amount: float) -> QColor:
    """`colour` mixed with white: 0 is the colour itself, 1 is white."""
    return QColor.fromRgbF(
        colour.redF() + (1 - colour.redF()) * amount,
        colour.greenF() + (1 - colour.greenF()) * amount,
        colour.blueF() + (1 - colour.blueF()) * amount,
    )

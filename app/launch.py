"""Opening the window: check for a display and Qt's system libraries before Qt can abort."""

from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path

PROG = "journey-workshop"
HEADLESS_HINT = (
    f"the headless commands work without one: {PROG} info|conflicts|analyze|cards FILE, "
    f"{PROG} import CARDS.csv -o FILE.journey (see {PROG} --help)"
)

# Libraries Qt's xcb platform plugin loads, and the Debian packages that hold them.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-image": "libxcb-image0",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-render": "libxcb-render0",
    "xcb-shape": "libxcb-shape0",
    "xcb-util": "libxcb-util1",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}
# Libraries any Qt GUI needs, by the name the loader reports when one is missing.
CORE_LIBRARIES = {
    "libEGL": "libegl1",
    "libGL": "libgl1",
    "libglib": "libglib2.0-0",
    "libgthread": "libglib2.0-0",
    "libX11": "libx11-6",
    "libdbus": "libdbus-1-3",
    "libfontconfig": "libfontconfig1",
    "libfreetype": "libfreetype6",
    "libxkbcommon": "libxkbcommon0",
}


def qt_platform() -> str:
    """The Qt platform plugin the app will use: QT_QPA_PLATFORM, else what the desktop has."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if chosen or not sys.platform.startswith("linux"):
        return chosen
    if os.environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb" if os.environ.get("DISPLAY") else ""


def missing_xcb_packages() -> list[str]:
    """Debian packages the xcb plugin needs that this machine lacks."""
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]


def apt_line(packages: list[str]) -> str:
    return "sudo apt-get install -y --no-install-recommends " + " ".join(sorted(set(packages)))


def window_problem() -> str | None:
    """Why a window cannot open here, in one line, or None when it can."""
    platform = qt_platform()
    if sys.platform.startswith("linux") and not platform:
        return f"{PROG}: no display to open a window on; {HEADLESS_HINT}"
    if platform == "xcb":
        missing = missing_xcb_packages()
        if missing:
            return f"{PROG}: Qt needs these system libraries to open a window: {apt_line(missing)}"
    return None


def qt_import_problem(error: ImportError) -> str:
    """A missing shared library, said as the Debian package that provides it."""
    text = str(error)
    packages = [pkg for lib, pkg in CORE_LIBRARIES.items() if lib in text]
    if packages:
        return f"{PROG}: Qt cannot start without {', '.join(packages)}: {apt_line(packages)}"
    return f"{PROG}: Qt cannot start: {text}"


def launch_window(file: Path | None, screenshot: Path | None) -> int:
    """Open the main window (on `file` if given); return the exit status."""
    problem = window_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    try:
        from widgets.application import run_application
    except ImportError as error:
        print(qt_import_problem(error), file=sys.stderr)
        return 1
    return run_application(file, screenshot)

"""A few tests in a real window on a virtual X screen (Xvfb), where focus is real.

The offscreen platform the other tests use has no window activation or keyboard focus;
these run the app on Qt's xcb platform, as on a facilitator's desktop.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "workshops" / "outpatient-clinic.journey"

pytestmark = pytest.mark.xvfb


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A fresh Xvfb screen, as DISPLAY would name it."""
    xvfb = shutil.which("Xvfb")
    assert xvfb, "Xvfb is missing: ./dev.sh test installs it (Debian package xvfb)"
    number = next(
        n
        for n in range(150, 250)
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists()
    )
    server = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert socket.exists(), "Xvfb did not start"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def run_on(display: str, *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip


def test_the_app_opens_a_real_window_and_saves_a_picture_of_it(
    display: str, tmp_path: Path
) -> None:
    workshop = tmp_path / "clinic.journey"
    shutil.copy(SAMPLE, workshop)
    out = tmp_path / "window.png"
    result = run_on(display, "-m", "app", str(workshop), "--screenshot", str(out))
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() >= 1200 and image.height() >= 700
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, 600, 23)}
    assert len(colours) > 20  # a painted window, not a blank one


KEYBOARD_SESSION = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from app.document import Document
    from app.store import load_workshop
    from widgets.application import make_application
    from widgets.main_window import MainWindow

    app = make_application()
    window = MainWindow(Document(load_workshop(Path(sys.argv[1]))), interactive=False)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 10000), "the window never became active"
    document, view = window.document, window.view
    window.selection.select(["s1"])
    view.setFocus()
    QTest.qWait(100)
    assert QApplication.focusWidget() is view, QApplication.focusWidget()

    QTest.keyClick(view, Qt.Key.Key_F2)  # edit the selected card in place
    QTest.qWait(100)
    box = QApplication.focusWidget()
    assert isinstance(box, QPlainTextEdit), box
    QTest.keyClicks(box, "Phone at 8am and wait")
    QTest.keyClick(box, Qt.Key.Key_Return)
    QTest.qWait(100)
    assert document.workshop.steps["s1"].text == "Phone at 8am and wait"
    assert QApplication.focusWidget() is view  # typing goes back to the map

    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert document.workshop.steps["s1"].text != "Phone at 8am and wait"
    QTest.keyClick(view, Qt.Key.Key_Right)  # arrow keys walk the cards
    assert window.selection.steps and window.selection.steps != ["s1"]
    QTest.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.qWait(100)
    assert QApplication.focusWidget() is window.find_bar.query
    QTest.keyClicks(window.find_bar.query, "invoice")
    QTest.keyClick(window.find_bar.query, Qt.Key.Key_Return)
    step = document.workshop.steps[window.selection.steps[0]]
    assert "invoice" in step.text.lower() or window.selection.note
    print("keyboard session ok")
    """
)


def test_keyboard_editing_with_real_focus(display: str, tmp_path: Path) -> None:
    workshop = tmp_path / "clinic.journey"
    shutil.copy(SAMPLE, workshop)
    result = run_on(display, "-c", KEYBOARD_SESSION, str(workshop))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "keyboard session ok" in result.stdout

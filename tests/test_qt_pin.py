"""Qt quirks the app depends on: the pinned PySide6 survives many signals; copying exits cleanly.

PySide6-Essentials 6.12.0 drops a reference to True/False on every Signal.emit(); on
Python 3.11, where those objects are not immortal, the interpreter aborts after some
thousands of edits. constraints.txt pins 6.11.3; this guards any future bump.
"""

from __future__ import annotations

import os
import subprocess
import sys

EMIT_MANY = """
from PySide6.QtCore import QObject, Signal

class Source(QObject):
    with_text = Signal(str)
    bare = Signal()

source = Source()
source.with_text.connect(lambda text: None)
for i in range(300_000):
    source.bare.emit()
    source.with_text.emit("step")
print("survived")
"""


def test_three_hundred_thousand_signal_emissions_do_not_crash_the_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", EMIT_MANY], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"


COPY_THEN_EXIT = """
from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication
from widgets.canvas.editor import put_on_clipboard

app = QApplication([])
data = QMimeData()
data.setText("Phone the practice at 8am")
put_on_clipboard(data)
print("copied")
"""


def test_copying_then_exiting_offscreen_does_not_crash_the_interpreter() -> None:
    # Offscreen Qt 6.11 crashes at exit while the clipboard holds data set from Python;
    # put_on_clipboard clears it at exit there.
    result = subprocess.run(
        [sys.executable, "-c", COPY_THEN_EXIT],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "copied"

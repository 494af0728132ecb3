"""The pinned PySide6 survives many signal emissions (6.12.0 on Python 3.11 does not).

PySide6-Essentials 6.12.0 drops a reference to True/False on every Signal.emit(); on
Python 3.11, where those objects are not immortal, the interpreter aborts after some
thousands of edits. constraints.txt pins 6.11.3; this guards any future bump.
"""

from __future__ import annotations

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

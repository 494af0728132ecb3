"""Refresh the README's pictures: the editor, the conflicts and priorities panels, the charts.

Runs offscreen (no display needed) on the outpatient clinic sample:

    .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.document import Document  # noqa: E402
from app.store import load_workshop  # noqa: E402
from widgets.application import make_application  # noqa: E402
from widgets.charts.export import export_chart  # noqa: E402
from widgets.main_window import MainWindow  # noqa: E402

SAMPLE = HERE.parent / "workshops" / "outpatient-clinic.journey"
SIZE = QSize(1920, 1080)


def settle(app: QApplication, seconds: float = 0.5) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    app = make_application()
    workshop = load_workshop(SAMPLE)
    window = MainWindow(Document(workshop), interactive=False)
    window.resize(SIZE)
    window.show()
    settle(app)
    while window.analysis.result is None:
        settle(app, 0.05)
    settle(app)
    window.view.zoom_to_fit()
    window.conflicts_panel.select_conflict(("n5", "n6"))  # the front desk and the waiting room
    window.selection.select(["s8"])
    settle(app)
    window.grab().save(str(HERE / "editor.png"))
    window.docks["conflicts"].grab().save(str(HERE / "conflicts-panel.png"))
    window.docks["priorities"].raise_()
    settle(app)
    window.docks["priorities"].grab().save(str(HERE / "priorities-panel.png"))
    map_id = workshop.maps[0].id
    for kind in ("emotion", "matrix", "dimensions"):
        export_chart(workshop, map_id, kind, HERE / f"chart-{kind}.png", width=1280, height=640)
    for name in ("editor", "conflicts-panel", "priorities-panel"):
        print(HERE / f"{name}.png")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

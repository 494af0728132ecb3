"""Charts of the live analysis (pyqtgraph), imported only when a chart is first shown.

Nothing here imports pyqtgraph: `widgets.charts.dock` holds placeholders until a tab is
shown, and `widgets.charts.data` is plain Python.
"""

from __future__ import annotations

CHART_KINDS = ("emotion", "matrix", "dimensions")

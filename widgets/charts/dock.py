"""The charts dock: emotion curves, conflict matrix and conflicts by dimension, in tabs.

Each tab is a placeholder until it is first shown; only then are the chart module and
pyqtgraph imported (about 0.3 s), so the window starts without them. Charts follow each
`AnalysisResult` in place, after the event-loop turn in which the window's panels take
it: in one turn a chart on screen works out its data from the result (`prepare`), in the
next it takes the data and repaints (`refresh`), so no turn does more than half of it (on
a 2,000-step map each half is ~5 ms). A chart whose data did not change (most edits change
no rating) is left alone, and one that is not on screen is brought up to date when it is
shown again.

Signals:
    pair_chosen(actor_a, actor_b): a matrix cell was clicked; the two actors' names.
    chart_built(kind): a tab's chart was made (the first time it was shown).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import heap
from app.document import Document
from app.errors import WorkshopError
from widgets.charts import CHART_KINDS
from widgets.charts import data as chart_data
from widgets.charts.data import COUNT, SEVERITY
from widgets.selection import Selection


def tr(text: str) -> str:
    return QCoreApplication.translate("Charts", text)


TITLES = {
    "emotion": "Emotion curves",
    "matrix": "Conflict matrix",
    "dimensions": "By dimension",
}


def ask_export_path(parent: QWidget, suggested: str) -> str:
    """The file the user chose to export to ("" when cancelled)."""
    path, _ = QFileDialog.getSaveFileName(
        parent,
        tr("Export Chart"),
        suggested,
        tr("PNG picture (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"),
    )
    return path


class ChartPage(QWidget):
    """One tab: a placeholder, then (once shown) the chart with its controls."""

    def __init__(self, kind: str, dock: ChartsDock) -> None:
        super().__init__()
        self.kind = kind
        self.dock = dock
        self.chart: Any = None  # a widgets.charts.base.ChartView once built
        self.stale = True
        self.inputs: tuple | None = None  # what the emotion chart's data was made from
        # (result, inputs, data) worked out by `prepare`, not drawn yet
        self.prepared: tuple[Any, tuple | None, Any] | None = None
        self.measure = COUNT
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.measure_buttons = QButtonGroup(self)
        if kind != "emotion":
            bar.addWidget(QLabel(tr("Show:")))
            for measure, text in ((COUNT, tr("&Number")), (SEVERITY, tr("Total &severity"))):
                button = QRadioButton(text)
                button.setChecked(measure == COUNT)
                button.setProperty("measure", measure)
                self.measure_buttons.addButton(button)
                bar.addWidget(button)
            self.measure_buttons.buttonToggled.connect(self._on_measure_buttons_toggled)
        bar.addStretch(1)
        self.export_button = QPushButton(tr("&Export…"))
        self.export_button.setAccessibleName(tr("Export this chart as PNG, SVG or PDF"))
        self.export_button.clicked.connect(self._on_export_button_clicked)
        bar.addWidget(self.export_button)
        self.layout_.addLayout(bar)
        self.placeholder = QLabel(tr("The chart is drawn when this tab is shown."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_.addWidget(self.placeholder, 1)

    def on_screen(self) -> bool:
        """Shown and not tucked away: a dock tabbed behind another counts as visible to
        Qt but is moved out of the window."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Geometry settles after the show: look once the event loop has run.
        QTimer.singleShot(0, self, self.catch_up)

    def catch_up(self) -> None:
        """Build the chart if the tab is on screen, and bring it up to date."""
        if not self.on_screen():
            return
        if self.chart is None:
            self.build()
        if self.stale:
            self.refresh()

    def build(self) -> None:
        """Make the chart (importing pyqtgraph the first time any chart is made)."""
        if self.chart is not None:
            return
        if self.kind == "emotion":
            from widgets.charts.emotion import EmotionChart

            self.chart = EmotionChart()
            self.chart.step_clicked.connect(self.dock._on_chart_step_clicked)
        elif self.kind == "matrix":
            from widgets.charts.matrix import MatrixChart

            self.chart = MatrixChart()
            self.chart.pair_chosen.connect(self.dock.pair_chosen)
        else:
            from widgets.charts.dimensions import DimensionsChart

            self.chart = DimensionsChart()
        if self.kind != "emotion":
            self.chart.set_measure(self.measure)
        self.layout_.replaceWidget(self.placeholder, self.chart)
        self.placeholder.deleteLater()
        self.stale = True
        heap.freeze_newer()  # pyqtgraph's objects live as long as the app (see app.heap)
        self.dock.chart_built.emit(self.kind)

    def prepare(self) -> bool:
        """Work out the chart's data from the dock's latest result, for `refresh` to show;
        False when there is nothing to show: the chart is not on screen (it catches up
        when shown), or its picture would be the same."""
        result = self.dock.result
        self.prepared = None
        if self.chart is None or result is None or not self.on_screen():
            self.stale = True
            return False
        workshop = self.dock.document.workshop
        inputs = None
        if self.kind == "emotion":
            inputs = chart_data.emotion_inputs(result, workshop)
            if inputs == self.inputs and self.chart.data is not None:
                self.stale = False  # made from the same curves, gaps and styles
                return False
            data = chart_data.emotion_data(result, workshop)
        elif self.kind == "matrix":
            data = chart_data.matrix_data(result, workshop)
        else:
            data = chart_data.dimension_data(result, workshop)
        # The same picture (a step's words or a need changed, not a rating): nothing to
        # redraw. Comparing takes well under a millisecond; redrawing, tens.
        if data == self.chart.data:
            self.inputs = inputs
            self.stale = False
            return False
        self.prepared = (result, inputs, data)
        return True

    def refresh(self) -> None:
        """Show the dock's latest result (now if on screen, else when next shown): the
        data `prepare` worked out for it, or worked out now; nothing when the chart
        shows it already."""
        prepared = self.prepared
        if prepared is None or prepared[0] is not self.dock.result:
            if not self.stale or not self.prepare():
                return
            prepared = self.prepared
        assert prepared is not None and self.chart is not None
        self.prepared = None
        _result, self.inputs, data = prepared
        self.chart.set_data(data)
        if self.kind == "emotion":
            self.chart.set_selected(self.dock.selection.steps)
        self.stale = False

    def _on_measure_buttons_toggled(self, button: QRadioButton, checked: bool) -> None:
        if checked:
            self.measure = str(button.property("measure"))
            if self.chart is not None:
                self.chart.set_measure(self.measure)

    def _on_export_button_clicked(self) -> None:
        self.dock.export(self.kind, self.measure)


class ChartsDock(QWidget):
    """The three charts in tabs; `show_result(result)` shows a new analysis."""

    pair_chosen = Signal(str, str)
    chart_built = Signal(str)

    def __init__(
        self, document: Document, selection: Selection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("charts_dock")
        self.document = document
        self.selection = selection
        self.result: Any = None  # app.live_analysis.AnalysisResult
        self.update_ms = 0.0  # what the last result cost here, both turns
        # Replaced in tests: where an export goes ("" cancels), and how errors are shown.
        self.ask_path: Callable[[QWidget, str], str] = ask_export_path
        self.show_error: Callable[[str, str], None] = self._show_error
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Charts"))
        self.pages: dict[str, ChartPage] = {}
        for kind in CHART_KINDS:
            page = ChartPage(kind, self)
            self.pages[kind] = page
            self.tabs.addTab(page, tr(TITLES[kind]))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        selection.selection_changed.connect(self._on_selection_changed)
        self._dock: QDockWidget | None = None
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(0)
        self._prepare_timer.timeout.connect(self._prepare_pages)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_pages)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange:
            self._follow_dock()
        return super().event(event)

    def _follow_dock(self) -> None:
        """Catch up when the dock comes to the front of its tab group (no show event
        then: Qt keeps tabbed docks visible and moves the hidden ones out of view)."""
        dock = self.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        if dock is self._dock:
            return
        if self._dock is not None:
            self._dock.visibilityChanged.disconnect(self._on_dock_visibility_changed)
        self._dock = dock
        if dock is not None:
            dock.visibilityChanged.connect(self._on_dock_visibility_changed)

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible:
            QTimer.singleShot(0, self, self._catch_up)

    def _catch_up(self) -> None:
        page = self.tabs.currentWidget()
        if isinstance(page, ChartPage):
            page.catch_up()

    def chart(self, kind: str) -> Any:
        """The chart of a tab, or None while it has not been shown."""
        return self.pages[kind].chart

    def show_chart(self, kind: str) -> Any:
        """Bring a tab to the front (building its chart if it is on screen)."""
        self.tabs.setCurrentWidget(self.pages[kind])
        return self.pages[kind].chart

    def show_result(self, result: Any) -> None:
        """Take a new analysis: the charts on screen work out their data in the next
        event-loop turn (the window's panels and badges take it in this one) and show it
        in the turn after; the others when shown."""
        self.result = result
        for page in self.pages.values():
            page.stale = True
        self._refresh_timer.stop()
        self._prepare_timer.start()

    def _prepare_pages(self) -> None:
        started = time.perf_counter()
        for page in self.pages.values():
            page.prepare()
        self._refresh_timer.start()
        self.update_ms = (time.perf_counter() - started) * 1000

    def _refresh_pages(self) -> None:
        started = time.perf_counter()
        for page in self.pages.values():
            page.refresh()  # nothing to do for a chart that shows the result already
        self.update_ms += (time.perf_counter() - started) * 1000

    def _on_selection_changed(self) -> None:
        chart = self.pages["emotion"].chart
        if chart is not None:
            chart.set_selected(self.selection.steps)

    def _on_chart_step_clicked(self, step: str) -> None:
        if step in self.document.workshop.steps:
            self.selection.select([step])

    def export(self, kind: str, measure: str = COUNT) -> None:
        """Ask for a file and export the chart of the shown map to it."""
        from widgets.charts.export import export_chart

        workshop = self.document.workshop
        journey_map = workshop.map(self.selection.map_id)
        if journey_map is None:
            return
        suggested = f"{journey_map.name} - {tr(TITLES[kind])}.png".replace("/", "-")
        if self.document.path is not None:
            suggested = str(self.document.path.with_name(suggested))
        path = self.ask_path(self, suggested)
        if not path:
            return
        try:
            export_chart(workshop, journey_map.id, kind, path, measure=measure)
        except WorkshopError as error:
            self.show_error(tr("Could not export the chart"), str(error))

    def _show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

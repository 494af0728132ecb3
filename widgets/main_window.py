"""The main window: the map canvas in the middle, docks around it, menus and toolbar.

One window per open workshop. The window wires the parts together; the editing itself
lives in `widgets.canvas.editor` (steps, links, clipboard), `widgets.structure` (stages,
lanes, maps) and `widgets.files` (opening and saving).

Signals:
    open_requested(path): the user asked to open a file (the window manager decides where).
    new_requested(): File > New.
    closed(): the window closed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.live_analysis import AnalysisResult, LiveAnalysis
from widgets import actions as act
from widgets.autosave import Autosave
from widgets.canvas.editor import CanvasEditor
from widgets.canvas.scene import MapScene
from widgets.canvas.view import MapView
from widgets.charts.dock import ChartsDock
from widgets.conflicts.panel import ConflictsPanel
from widgets.docks.inspector import InspectorPanel
from widgets.docks.notes import NotesPanel
from widgets.docks.outline import OutlinePanel
from widgets.files import FileActions, recent_files
from widgets.find_bar import FindBar
from widgets.minimap import Minimap
from widgets.priorities import PrioritiesPanel
from widgets.selection import Selection
from widgets.settings import settings
from widgets.structure import StructureEditor
from widgets.theme import HIGH_CONTRAST, STANDARD

CHARTS_SHARE = 0.5  # of the window's height, given to the charts when they are shown


class MainWindow(QMainWindow):
    """One open workshop: canvas, docks, menus."""

    open_requested = Signal(object)
    new_requested = Signal()
    closed = Signal()

    def __init__(self, document: Document | None = None, interactive: bool = True) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.interactive = interactive
        self.document = document or Document()
        self.selection = Selection(self.document, self)
        self.scene = MapScene(self.document, self.selection.map_id or None)
        self.view = MapView(self.scene)
        self.find_bar = FindBar(self.document, self.selection)
        self.find_bar.hit_shown.connect(self._on_find_bar_hit_shown)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        centre_layout.addWidget(self.view, 1)
        centre_layout.addWidget(self.find_bar)
        self.setCentralWidget(centre)
        self.canvas = CanvasEditor(
            self.document, self.selection, self.scene, self.view, self.show_error
        )
        self.structure = StructureEditor(
            self.document, self.selection, self.canvas, self, self.show_error
        )
        self.files = FileActions(self.document, self, self.show_error)
        self.files.open_requested.connect(self.open_requested)
        self.files.recent_changed.connect(self._rebuild_recent_menu)
        self.autosave = Autosave(self.document, self, enabled=interactive)
        self.closed.connect(self.autosave.stop)  # saved or given up: no recovery copy
        self.closed.connect(self.files.close_file)  # and the file's lock goes
        self.setAcceptDrops(True)

        self.map_combo = QComboBox()
        self.map_combo.setAccessibleName(self.tr("Shown map"))
        self.map_combo.setMinimumContentsLength(18)
        self.map_combo.activated.connect(self._on_map_combo_activated)
        self.zoom_label = QLabel()
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.view.zoom_changed.connect(self._on_view_zoom_changed)

        self.analysis = LiveAnalysis(self.document, lambda: self.selection.map_id, self)
        self.analysis.updated.connect(self._on_analysis_updated)
        self.docks: dict[str, QDockWidget] = {}
        self._build_docks()
        self._build_actions()

        doc = self.document
        doc.modified_changed.connect(self._update_title)
        doc.path_changed.connect(self._update_title)
        doc.info_changed.connect(self._update_title)
        doc.map_added.connect(self._fill_map_combo)
        doc.map_removed.connect(self._fill_map_combo)
        doc.map_changed.connect(self._fill_map_combo)
        self.selection.map_changed.connect(self._on_selection_map_changed)
        self.selection.selection_changed.connect(self._update_action_states)
        doc.undo_stack.cleanChanged.connect(self._update_action_states)

        self.resize(default_window_size())
        self._size_docks()
        self._fill_map_combo()
        self._update_title()
        self._update_action_states()
        self.analysis.request()
        if interactive:
            self._restore_layout()
        else:
            self._default_state = self.saveState()

    # -- parts ------------------------------------------------------------------------

    def add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[key] = dock

    def _build_docks(self) -> None:
        """The panels: outline and overview left, step details right, conflicts below."""
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        doc, selection = self.document, self.selection
        # Side panels run the full height; the bottom panels sit under the map only.
        self.setCorner(Qt.Corner.BottomLeftCorner, left)
        self.setCorner(Qt.Corner.BottomRightCorner, right)

        outline = OutlinePanel(
            doc, selection, reveal=self.canvas.reveal, show_error=self.show_error
        )
        self.add_dock("outline", self.tr("Outline"), outline, left)
        self.minimap = Minimap(self.scene, self.view)
        self.add_dock("overview", self.tr("Overview"), self.minimap, left)

        self.add_dock("inspector", self.tr("Inspector"), InspectorPanel(doc, selection), right)
        self.add_dock("notes", self.tr("Notes"), NotesPanel(doc, selection), right)
        history = QUndoView(doc.undo_stack)
        history.setEmptyLabel(self.tr("<opened>"))
        history.setAccessibleName(self.tr("Undo history"))
        self.add_dock("history", self.tr("Undo History"), history, right)
        self.tabifyDockWidget(self.docks["notes"], self.docks["history"])

        self.conflicts_panel = ConflictsPanel(doc, selection, self.scene, self.view)
        self.analysis.updated.connect(self.conflicts_panel.show_result)
        self.add_dock("conflicts", self.tr("Conflicts"), self.conflicts_panel, bottom)
        self.priorities_panel = PrioritiesPanel(
            doc, selection, analysis=self.analysis, view=self.view
        )
        self.add_dock("priorities", self.tr("Priorities"), self.priorities_panel, bottom)
        self.charts = ChartsDock(doc, selection)  # imports pyqtgraph when first shown
        self.analysis.updated.connect(self.charts.show_result)
        self.add_dock("charts", self.tr("Charts"), self.charts, bottom)
        # Voting and charts sit behind the conflicts; a matrix cell filters the conflicts.
        self.tabifyDockWidget(self.docks["conflicts"], self.docks["priorities"])
        self.tabifyDockWidget(self.docks["conflicts"], self.docks["charts"])
        self.charts.pair_chosen.connect(self._on_charts_pair_chosen)
        self.docks["charts"].visibilityChanged.connect(self._on_charts_dock_visibility_changed)
        for key in ("notes", "conflicts"):
            self.docks[key].raise_()

    def _size_docks(self) -> None:
        """Default panel sizes that leave the map most of the window."""
        docks = self.docks
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        self.resizeDocks([docks["outline"], docks["inspector"]], [280, 380], horizontal)
        self.resizeDocks([docks["conflicts"]], [340], vertical)
        self.resizeDocks([docks["outline"], docks["overview"]], [560, 170], vertical)

    def set_panels_visible(self, visible: bool) -> None:
        """Hide every panel to show the map alone (for the projector), or bring them back."""
        if not visible:
            self._shown_docks = [key for key, dock in self.docks.items() if dock.isVisible()]
            for dock in self.docks.values():
                dock.hide()
        else:
            for key in getattr(self, "_shown_docks", None) or list(self.docks):
                self.docks[key].show()

    def _build_actions(self) -> None:
        c, v, s, f = self.canvas, self.view, self.structure, self.files
        key = QKeySequence.StandardKey
        cmd = act.Command
        mk = {}
        table = [
            cmd("new", self.tr("&New"), self.new_requested.emit, (key.New,)),
            cmd("open", self.tr("&Open…"), f.open_dialog, (key.Open,), toolbar=True),
            cmd("save", self.tr("&Save"), f.save, (key.Save,), toolbar=True),
            cmd("save_as", self.tr("Save &As…"), f.save_as, (key.SaveAs,)),
            cmd("import_cards", self.tr("&Import Cards CSV…"), f.import_cards_dialog),
            cmd("export_cards", self.tr("Export Cards &CSV…"), f.export_cards_dialog),
            cmd("export_map", self.tr("&Export Map…"), self.export_map, ("Ctrl+E",)),
            cmd("properties", self.tr("Workshop &Properties…"), self.edit_properties),
            cmd("close", self.tr("&Close"), self.close, (key.Close,)),
            cmd("quit", self.tr("&Quit"), self.quit_all, (key.Quit,)),
            cmd("cut", self.tr("Cu&t"), c.cut, (key.Cut,), canvas_only=True),
            cmd("copy", self.tr("&Copy"), c.copy, (key.Copy,), canvas_only=True),
            cmd("paste", self.tr("&Paste"), c.paste, (key.Paste,), canvas_only=True),
            cmd("duplicate", self.tr("D&uplicate"), c.duplicate, ("Ctrl+D",), canvas_only=True),
            cmd(
                "delete",
                self.tr("&Delete"),
                c.delete_selection,
                (key.Delete, "Backspace"),
                canvas_only=True,
            ),
            cmd(
                "select_all",
                self.tr("Select &All"),
                c.select_all,
                (key.SelectAll,),
                canvas_only=True,
            ),
            cmd(
                "edit_text",
                self.tr("&Edit Step Text"),
                c.edit_text,
                ("F2", "Return"),
                canvas_only=True,
            ),
            cmd(
                "add_step",
                self.tr("Add &Step"),
                c.add_step_here,
                ("Insert", "Ctrl+Shift+Return"),
                toolbar=True,
            ),
            cmd(
                "add_after",
                self.tr("Add Step &After"),
                c.add_step_after,
                ("Ctrl+Return",),
                toolbar=True,
            ),
            cmd("zoom_in", self.tr("Zoom &In"), v.zoom_in, (key.ZoomIn, "Ctrl+=")),
            cmd("zoom_out", self.tr("Zoom &Out"), v.zoom_out, (key.ZoomOut,)),
            cmd("zoom_100", self.tr("&Actual Size"), v.zoom_actual, ("Ctrl+1",)),
            cmd("zoom_fit", self.tr("Zoom to &Fit"), v.zoom_to_fit, ("Ctrl+0",), toolbar=True),
            cmd("zoom_selection", self.tr("Zoom to &Selection"), v.zoom_to_selection, ("Ctrl+2",)),
            cmd("find", self.tr("&Find…"), self.find_bar.open_bar, (key.Find,)),
            cmd("find_next", self.tr("Find &Next"), lambda: self.find_bar.go(1), (key.FindNext,)),
            cmd(
                "find_previous",
                self.tr("Find Pre&vious"),
                lambda: self.find_bar.go(-1),
                (key.FindPrevious,),
            ),
            cmd(
                "high_contrast",
                self.tr("&High Contrast"),
                self.set_high_contrast,
                ("Ctrl+Shift+H",),
                checkable=True,
            ),
            cmd("reset_layout", self.tr("&Reset Window Layout"), self.reset_layout),
            cmd(
                "panels",
                self.tr("Show &Panels"),
                self.set_panels_visible,
                ("F9",),
                tip=self.tr("Hide the panels to show the map alone, or bring them back"),
                checkable=True,
            ),
            cmd("new_map", self.tr("&New Map…"), s.new_map),
            cmd("map_settings", self.tr("Map &Settings…"), s.map_settings),
            cmd("duplicate_map", self.tr("D&uplicate Map…"), s.duplicate_map),
            cmd("delete_map", self.tr("&Delete Map"), s.delete_map),
            cmd("arrange", self.tr("&Arrange Steps"), s.arrange, ("Ctrl+L",), toolbar=True),
            cmd("add_stage", self.tr("Add S&tage…"), s.add_stage),
            cmd("rename_stage", self.tr("&Rename Stage…"), s.rename_stage),
            cmd("stage_left", self.tr("Move Stage &Left"), lambda: s.move_stage(-1)),
            cmd("stage_right", self.tr("Move Stage Ri&ght"), lambda: s.move_stage(1)),
            cmd("delete_stage", self.tr("Delete Stag&e"), s.delete_stage),
            cmd("add_lane", self.tr("Add &Lane…"), s.add_lane),
            cmd("rename_lane", self.tr("Rena&me Lane…"), s.rename_lane),
            cmd("recolour_lane", self.tr("Lane &Colour…"), s.recolour_lane),
            cmd("lane_up", self.tr("Move Lane &Up"), lambda: s.move_lane(-1)),
            cmd("lane_down", self.tr("Move Lane &Down"), lambda: s.move_lane(1)),
            cmd("delete_lane", self.tr("Delete Lan&e"), s.delete_lane),
            cmd(
                "shortcuts",
                self.tr("&Keyboard Shortcuts"),
                self.show_shortcuts,
                (key.HelpContents,),
            ),
            cmd("about", self.tr("&About Journey Workshop"), self.show_about),
        ]
        for direction, keys in (
            ("left", "Left"),
            ("right", "Right"),
            ("up", "Up"),
            ("down", "Down"),
        ):
            table.append(
                cmd(
                    f"select_{direction}",
                    self.tr("Select {0}").format(direction),
                    lambda _checked=False, d=direction: c.select_neighbour(d),
                    (keys,),
                    canvas_only=True,
                )
            )
            table.append(
                cmd(
                    f"move_{direction}",
                    self.tr("Move Step {0}").format(direction.title()),
                    lambda _checked=False, d=direction: c.move_to_neighbour_cell(d),
                    (f"Alt+{keys}",),
                    canvas_only=True,
                )
            )
        for command in table:
            action = act.make_action(self, command)
            mk[command.key] = action
            if command.canvas_only:
                self.view.addAction(action)
            else:
                self.addAction(action)
        self.actions_by_key: dict[str, QAction] = mk
        undo = self.document.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.document.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts(redo_shortcuts())
        mk["undo"], mk["redo"] = undo, redo
        escape = QAction(self)
        escape.setShortcut(QKeySequence("Escape"))
        escape.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.triggered.connect(self._on_escape)
        self.view.addAction(escape)

        self.recent_menu = QMenu(self.tr("Open &Recent"), self)
        self._rebuild_recent_menu()
        self.maps_menu = QMenu(self.tr("&Show Map"), self)
        extra = {"recent": self.recent_menu, "maps": self.maps_menu}

        def items(layout: str) -> list[object]:
            """Menu entries from action keys; "|" is a separator."""
            return [None if k == "|" else extra.get(k) or mk[k] for k in layout.split()]

        act.build_menu(
            self,
            self.tr("&File"),
            items(
                "new open recent | save save_as | import_cards export_cards export_map | "
                "properties | close quit"
            ),
        )
        act.build_menu(
            self,
            self.tr("&Edit"),
            items(
                "undo redo | cut copy paste duplicate delete | select_all | "
                "add_step add_after edit_text | find find_next find_previous"
            ),
        )
        self.view_menu = act.build_menu(
            self,
            self.tr("&View"),
            items("zoom_in zoom_out zoom_100 zoom_fit zoom_selection | high_contrast |"),
        )
        self.panels_menu = self.view_menu.addMenu(self.tr("&Panels"))
        for dock in self.docks.values():
            self.panels_menu.addAction(dock.toggleViewAction())
        mk["panels"].blockSignals(True)
        mk["panels"].setChecked(True)
        mk["panels"].blockSignals(False)
        self.view_menu.addAction(mk["panels"])
        self.view_menu.addAction(mk["reset_layout"])
        act.build_menu(
            self,
            self.tr("&Map"),
            items(
                "maps new_map map_settings duplicate_map delete_map | arrange | "
                "add_stage rename_stage stage_left stage_right delete_stage | "
                "add_lane rename_lane recolour_lane lane_up lane_down delete_lane"
            ),
        )
        act.build_menu(self, self.tr("&Help"), items("shortcuts about"))
        toolbar = act.build_toolbar(
            self, items("open save | undo redo | add_step add_after arrange | zoom_fit")
        )
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(self.tr(" Map: ")))
        toolbar.addWidget(self.map_combo)
        self.toolbar = toolbar

    # -- state shown ------------------------------------------------------------------

    def _update_title(self, *_: object) -> None:
        doc = self.document
        name = doc.path.name if doc.path else (doc.workshop.info.title or self.tr("Untitled"))
        suffix = self.tr(" (read-only)") if doc.read_only else ""
        self.setWindowTitle(f"{name}[*]{suffix} – Journey Workshop")
        self.setWindowModified(doc.is_modified())

    def _update_action_states(self, *_: object) -> None:
        has_steps = bool(self.selection.steps)
        one_step = bool(self.selection.step)
        for key in ("cut", "copy", "duplicate"):
            self.actions_by_key[key].setEnabled(has_steps)
        self.actions_by_key["delete"].setEnabled(has_steps or bool(self.selection.links))
        self.actions_by_key["edit_text"].setEnabled(one_step)
        self.actions_by_key["add_after"].setEnabled(one_step)
        self._update_title()

    def _fill_map_combo(self, *_: object) -> None:
        self.map_combo.blockSignals(True)
        self.map_combo.clear()
        self.maps_menu.clear()
        for journey_map in self.document.workshop.maps:
            self.map_combo.addItem(journey_map.name, journey_map.id)
            action = self.maps_menu.addAction(journey_map.name)
            action.setCheckable(True)
            action.setChecked(journey_map.id == self.selection.map_id)
            action.triggered.connect(lambda _=False, m=journey_map.id: self.selection.show_map(m))
        index = self.map_combo.findData(self.selection.map_id)
        self.map_combo.setCurrentIndex(max(index, 0))
        self.map_combo.blockSignals(False)

    def _on_map_combo_activated(self, index: int) -> None:
        map_id = self.map_combo.itemData(index)
        if map_id:
            self.selection.show_map(map_id)

    def _on_selection_map_changed(self, map_id: str) -> None:
        self._fill_map_combo()
        self.analysis.request()

    def _on_view_zoom_changed(self, factor: float) -> None:
        self.zoom_label.setText(self.tr("Zoom {0} %").format(round(factor * 100)))

    def _on_analysis_updated(self, result: AnalysisResult) -> None:
        """Mark the steps of the shown map that take part in a conflict."""
        from app.analysis import conflict_counts_by_step

        if result.map_id == self.selection.map_id:
            self.scene.set_conflict_counts(
                conflict_counts_by_step(result.conflicts_of(result.map_id))
            )

    def _on_charts_dock_visibility_changed(self, visible: bool) -> None:
        """Charts need height to be read from the back of the room: make room when shown."""
        dock = self.docks["charts"]
        wanted = int(self.height() * CHARTS_SHARE)
        if visible and not dock.isFloating() and dock.height() < wanted:
            QTimer.singleShot(
                0, lambda: self.resizeDocks([dock], [wanted], Qt.Orientation.Vertical)
            )

    def _on_charts_pair_chosen(self, actor_a: str, actor_b: str) -> None:
        self.conflicts_panel.filter_actor_pair(actor_a, actor_b)
        self.docks["conflicts"].raise_()

    def _on_find_bar_hit_shown(self, step_id: str) -> None:
        item = self.scene.step_items.get(step_id)
        if item is not None:
            self.view.centerOn(item)

    def _on_escape(self) -> None:
        self.scene.cancel_gesture()
        self.selection.select([])

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = recent_files()
        for path in paths:
            self.recent_menu.addAction(str(path), lambda p=path: self.open_requested.emit(p))
        self.recent_menu.setEnabled(bool(paths))

    # -- commands ---------------------------------------------------------------------

    def show_error(self, title: str, message: str) -> None:
        if self.interactive:
            QMessageBox.warning(self, title, message)
        else:
            print(f"{title}: {message}", file=sys.stderr)
        self.statusBar().showMessage(f"{title}: {message.splitlines()[0]}", 8000)

    def is_pristine(self) -> bool:
        """An untitled, untouched, empty window that an opened file may replace."""
        doc = self.document
        return doc.path is None and not doc.is_modified() and not doc.workshop.steps

    def set_high_contrast(self, on: bool) -> None:
        self.scene.set_theme(HIGH_CONTRAST if on else STANDARD)
        settings().setValue("view/high_contrast", on)

    def export_map(self) -> None:
        from widgets.export_dialog import run_export_dialog

        run_export_dialog(self, self.document, self.selection.map_id)

    def edit_properties(self) -> None:
        from widgets.properties_dialog import edit_workshop_properties

        edit_workshop_properties(self, self.document)

    def show_shortcuts(self) -> None:
        rows = []
        for action in self.findChildren(QAction):
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
            )
            if keys and action.text():
                rows.append(
                    f"<tr><td>{action.text().replace('&', '')}</td><td><b>{keys}</b></td></tr>"
                )
        QMessageBox.information(
            self,
            self.tr("Keyboard shortcuts"),
            "<table cellspacing=6>"
            + "".join(sorted(set(rows)))
            + "</table>"
            + self.tr("<p>Drag from the rim of a card onto another card to link them.</p>"),
        )

    def show_about(self) -> None:
        from app import __version__

        QMessageBox.about(
            self,
            self.tr("About Journey Workshop"),
            self.tr(
                "<h3>Journey Workshop {0}</h3><p>Map care journeys with patients, carers, "
                "clinicians and staff; spot where their needs conflict; record what the "
                "group decided. Works offline; each workshop is one file.</p>"
            ).format(__version__),
        )

    def quit_all(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.closeAllWindows()

    # -- layout, closing, dropping ----------------------------------------------------

    def _restore_layout(self) -> None:
        store = settings()
        self._default_state = self.saveState()
        geometry = store.value("window/geometry")
        state = store.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        if store.value("view/high_contrast", False, type=bool):
            self.actions_by_key["high_contrast"].setChecked(True)

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.canvas.inline.commit()
        if self.interactive and not self.files.maybe_save():
            event.ignore()
            return
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        event.accept()
        self.closed.emit()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(_openable(url.toLocalFile()) for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if _openable(url.toLocalFile()):
                self.open_requested.emit(Path(url.toLocalFile()))
        event.acceptProposedAction()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.view.zoom_to_fit)


def redo_shortcuts() -> list[QKeySequence]:
    """The platform's Redo keys plus Ctrl+Y and Ctrl+Shift+Z, each once.

    Where the platform's Redo is Ctrl+Y already (Windows), listing it twice makes the key
    ambiguous and Qt then ignores it.
    """
    keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    for extra in (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")):
        if extra not in keys:
            keys.append(extra)
    return keys


def default_window_size() -> QSize:
    """Most of the screen on a large one (a projector's 1920 x 1080), else 1500 x 920."""
    size = QSize(1500, 920)
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry().size()
        if available.width() > size.width() and available.height() > size.height():
            size = QSize(int(available.width() * 0.94), int(available.height() * 0.92))
    return size


def _openable(name: str) -> bool:
    return name.lower().endswith((".journey", ".csv"))

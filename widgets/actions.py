"""The window's menus and toolbar: every command with its shortcut, built from one table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar


def tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


@dataclass(frozen=True)
class Command:
    """One menu command: its name, shortcut(s), what it does and where it goes."""

    key: str
    text: str
    handler: Callable[[], object]
    shortcuts: tuple[QKeySequence | QKeySequence.StandardKey | str, ...] = ()
    tip: str = ""
    toolbar: bool = False
    canvas_only: bool = False  # a plain key that must not fire while typing elsewhere
    checkable: bool = False


def make_action(window: QMainWindow, command: Command) -> QAction:
    action = QAction(command.text, window)
    action.setObjectName(command.key)
    shortcuts = [QKeySequence(s) for s in command.shortcuts]
    if shortcuts:
        action.setShortcuts(shortcuts)
    tip = command.tip or command.text.replace("&", "").rstrip("…")
    if shortcuts:
        tip += f" ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.setCheckable(command.checkable)
    if command.checkable:
        action.toggled.connect(command.handler)
    else:
        action.triggered.connect(command.handler)
    if command.canvas_only:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return action


def build_menu(window: QMainWindow, title: str, items: list[object]) -> QMenu:
    """A menu from QActions, QMenus and None (a separator)."""
    menu = window.menuBar().addMenu(title)
    for item in items:
        if item is None:
            menu.addSeparator()
        elif isinstance(item, QMenu):
            menu.addMenu(item)
        else:
            menu.addAction(item)
    return menu


def build_toolbar(window: QMainWindow, actions: list[QAction | None]) -> QToolBar:
    toolbar = QToolBar(tr("Main toolbar"), window)
    toolbar.setObjectName("main_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for action in actions:
        if action is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(action)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar

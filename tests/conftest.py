"""Shared test set-up: offscreen Qt, and the sample workshops and spec examples as paths."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings (window layout, recent files) and recovery copies of the test session go to a
# throwaway folder, never into the user's own.
_SANDBOX = Path(tempfile.mkdtemp(prefix="journey-workshop-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")
os.environ["JOURNEY_WORKSHOP_DATA"] = str(_SANDBOX / "data")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = sorted((ROOT / "workshops").glob("*.journey"))


@pytest.fixture(autouse=True)
def _fresh_settings() -> None:
    """Each test starts with no remembered layout or recent files."""
    if "PySide6.QtCore" in sys.modules:
        from widgets.settings import settings

        store = settings()
        store.clear()
        store.sync()


@pytest.fixture
def data_dir() -> Path:
    """Test inputs kept in the repository (copies of the spec examples among them)."""
    return DATA

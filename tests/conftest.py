"""Shared test set-up: offscreen Qt, and the sample workshops and spec examples as paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = sorted((ROOT / "workshops").glob("*.journey"))


@pytest.fixture
def data_dir() -> Path:
    """Test inputs kept in the repository (copies of the spec examples among them)."""
    return DATA

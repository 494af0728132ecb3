"""The one-folder PyInstaller build: it builds, starts, and answers exactly as the source does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from PyInstaller.archive.readers import CArchiveReader
from PySide6.QtGui import QImage

from app import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "workshops").glob("*.journey"))

BUILD_TIMEOUT = 1200  # seconds; a build takes about half a minute here
RUN_TIMEOUT = 120  # seconds for one run of the frozen app
NAME = "journey-workshop"


@dataclass(frozen=True)
class FrozenApp:
    """The built folder, its executable, and how long the build took."""

    folder: Path
    exe: Path
    build_seconds: float

    @property
    def internal(self) -> Path:
        """Where PyInstaller put the bundled modules, libraries and data files."""
        return self.folder / "_internal"


def _pyinstaller() -> Path:
    """The venv's pyinstaller, next to the Python running the tests."""
    exe = Path(sys.executable).parent / "pyinstaller"
    assert exe.exists(), f"{exe} is missing; install the test extras (./dev.sh test does)"
    return exe


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> FrozenApp:
    """Build once per session, into a temporary folder (never into the repository)."""
    work = tmp_path_factory.mktemp("pyinstaller")
    command = [
        str(_pyinstaller()),
        "--noconfirm",
        "--distpath",
        str(work / "dist"),
        "--workpath",
        str(work / "build"),
        "build.spec",
    ]
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT
    )
    seconds = time.perf_counter() - start
    assert result.returncode == 0, f"the build failed:\n{result.stderr[-6000:]}"
    folder = work / "dist" / NAME
    return FrozenApp(folder=folder, exe=folder / NAME, build_seconds=seconds)


def _run(
    command: list[str | Path], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=RUN_TIMEOUT,
        env=env,
    )


def _source(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "app", *args])


def _frozen(app: FrozenApp, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return _run([app.exe, *args])


@pytest.mark.parametrize("sample", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_frozen_conflicts_json_is_the_source_output(frozen: FrozenApp, sample: Path) -> None:
    relative = sample.relative_to(ROOT)
    expected = _source("conflicts", relative, "--json")
    actual = _frozen(frozen, "conflicts", relative, "--json")
    assert expected.returncode == 0, expected.stderr
    assert actual.returncode == 0, actual.stderr
    assert "conflicts" in json.loads(expected.stdout)
    assert actual.stdout == expected.stdout


def test_frozen_app_opens_its_bundled_samples(frozen: FrozenApp) -> None:
    bundled = sorted((frozen.internal / "workshops").glob("*.journey"))
    assert [path.name for path in bundled] == [path.name for path in SAMPLES]
    for path in bundled:
        actual = _frozen(frozen, "conflicts", path, "--json")
        assert actual.returncode == 0, actual.stderr
        expected = _source("conflicts", ROOT / "workshops" / path.name, "--json")
        assert actual.stdout == expected.stdout


def test_frozen_version(frozen: FrozenApp) -> None:
    result = _frozen(frozen, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{NAME} {__version__}\n"


def test_frozen_command_on_a_bad_file_says_why(frozen: FrozenApp, tmp_path: Path) -> None:
    bad = tmp_path / "broken.journey"
    bad.write_text("{ this is not a workshop", encoding="utf-8")
    result = _frozen(frozen, "conflicts", bad, "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "broken.journey" in result.stderr
    assert "not a workshop file" in result.stderr
    assert "Traceback" not in result.stderr


def test_frozen_window_paints_a_screenshot(frozen: FrozenApp, tmp_path: Path) -> None:
    out = tmp_path / "window.png"
    sample = frozen.internal / "workshops" / "outpatient-clinic.journey"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = _run([frozen.exe, sample, "--screenshot", out], env=env)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000, "too small for a painted map"
    image = QImage(str(out))
    assert image.width() >= 640 and image.height() >= 400
    # A painted map has cards, lanes and text: many colours, not a blank window.
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 50


def test_bundle_holds_what_charts_and_exports_need(frozen: FrozenApp) -> None:
    pyside = frozen.internal / "PySide6"
    for module in ("QtOpenGL", "QtOpenGLWidgets", "QtSvg", "QtGui"):
        assert (pyside / f"{module}.abi3.so").exists(), f"PySide6.{module} is not bundled"
    fonts = {path.name for path in (frozen.internal / "resources" / "fonts").glob("*.ttf")}
    assert {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"} <= fonts
    modules = set(CArchiveReader(str(frozen.exe)).open_embedded_archive("PYZ.pyz").toc)
    assert {"pyqtgraph", "pyqtgraph.exporters", "numpy", "networkx", "tinydb"} <= modules
    # Test tools would slow every start (their runtime hooks) and have no place in the app.
    unwanted = {name.split(".")[0] for name in modules} & {"pytest", "_pytest", "setuptools"}
    assert not unwanted, f"bundled by mistake: {sorted(unwanted)}"

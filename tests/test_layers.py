"""The layering holds: the core runs with Qt missing, and headless commands never load Qt."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_MODULES = [
    "app.model",
    "app.errors",
    "app.atomic",
    "app.layout",
    "app.store",
    "app.migrations",
    "app.cards",
    "app.analysis",
    "app.conflict_report",
    "app.diagnostics",
    "app.reports",
    "app.textout",
    "app.cli",
    "app.launch",
]

BLOCK_QT = textwrap.dedent(
    """
    import importlib.abc, sys

    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"):
                raise ImportError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, BlockQt())
    """
)


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_core_imports_with_pyside6_blocked() -> None:
    code = BLOCK_QT + "\n".join(f"import {m}" for m in CORE_MODULES) + "\nprint('ok')"
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_headless_commands_run_with_pyside6_blocked(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "antenatal.journey"
    code = BLOCK_QT + textwrap.dedent(
        """
        from app.cli import main
        assert main(["import", sys.argv[1], "-o", sys.argv[2]]) == 0
        for command in (
            ["conflicts"],
            ["conflicts", "--json"],
            ["conflicts", "--csv", "-", "--markdown", sys.argv[3]],
            ["analyze"],
            ["info"],
        ):
            assert main([*command, sys.argv[2]]) == 0, command
        assert main(["cards", sys.argv[2], "-o", "-"]) == 0
        assert not any(m.startswith("PySide6") for m in sys.modules)
        """
    )
    report = tmp_path / "antenatal.md"
    result = run_python(code, str(data_dir / "antenatal.csv"), str(target), str(report))
    assert result.returncode == 0, result.stderr
    assert "explanation time" in result.stdout
    assert "explanation time" in report.read_text(encoding="utf-8")


def test_version_imports_neither_qt_nor_heavy_libraries() -> None:
    code = textwrap.dedent(
        """
        import sys
        from app.cli import main
        try:
            main(["--version"])
        except SystemExit as done:
            assert done.code == 0
        heavy = [m for m in sys.modules if m.split(".")[0] in ("PySide6", "networkx", "tinydb")]
        assert not heavy, heavy
        """
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("journey-workshop ")

"""The command line: headless commands on workshop files, and the door to the window.

`journey-workshop [FILE]` opens the editor; `journey-workshop COMMAND ...` runs a headless
command that never imports Qt unless it draws. Exit status: 0 done, 1 bad input (the
message is on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

from app import __version__

PROG = "journey-workshop"
EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2

COMMAND_SUMMARY = """\
commands (headless, no display needed):
  import CARDS.csv -o FILE.journey [--force]   make a workshop from a cards CSV
  cards FILE -o CARDS.csv                      write a workshop as a cards CSV (-o - for stdout)
  conflicts FILE [--json|--csv|--markdown]     conflicting needs and emotion gaps (--map ...)
  analyze FILE [--json]                        hotspots, handoffs, dead ends, loops, curves
  info FILE                                    what the workshop holds
  export FILE -o OUT.png|.svg|.pdf             a map for slides (--map, --scale, --page ...)
  chart FILE --kind K -o OUT.png|.svg|.pdf     a chart: emotion, matrix or dimensions

Run '{prog} COMMAND --help' for a command's options."""


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Journey Workshop: map care journeys with patients and clinicians, "
        "spot where their needs conflict, and record what the group decided.",
        epilog=COMMAND_SUMMARY.format(prog=PROG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", type=Path, help="a .journey workshop or a cards .csv")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="OUT.png",
        help="show the window, save a picture of it once it is painted, and exit",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("import", help="make a workshop file from a cards CSV")
    p.add_argument("csv", type=Path, metavar="CARDS.csv")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.journey")
    p.add_argument("--force", action="store_true", help="replace FILE.journey if it exists")

    p = sub.add_parser("cards", help="write a workshop as a cards CSV")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="CARDS.csv", help="- for stdout")

    p = sub.add_parser(
        "conflicts",
        help="list conflicting needs and emotion gaps",
        description="List conflicting needs and emotion gaps, or export them.",
        epilog="--csv and --markdown write their files and print one line each (OUT: N "
        "conflicts) instead of the table; they combine with each other and with --json, "
        "which then prints its JSON and puts those lines on stderr. '-' as OUT writes that "
        "export to stdout (only one of --json, --csv -, --markdown - may use stdout). The CSV "
        "has one row per conflict with the group's status, note and dots, formula-safe, "
        "UTF-8 with a byte-order mark for Excel; the Markdown report adds emotion gaps and "
        "the dot-vote priorities, for the minutes.",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="the machine-readable form of the spec")
    p.add_argument("--csv", metavar="OUT.csv", help="write the conflicts table as CSV (- stdout)")
    p.add_argument(
        "--markdown", metavar="OUT.md", help="write a Markdown report for the minutes (- stdout)"
    )
    p.add_argument("--map", metavar="NAME", help="only this map (default: every map)")

    p = sub.add_parser("analyze", help="journey diagnostics for facilitators")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("info", help="what the workshop holds")
    p.add_argument("file", type=Path, metavar="FILE")

    p = sub.add_parser("export", help="a map as PNG, SVG or PDF (no display needed)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.png|.svg|.pdf")
    p.add_argument("--map", metavar="NAME", help="the map to export (default: the first)")
    p.add_argument("--scale", type=float, default=1.0, metavar="N", help="PNG: 1 to 4 (1)")
    p.add_argument("--transparent", action="store_true", help="PNG: no white background")
    p.add_argument(
        "--page", choices=("A4", "Letter"), help="PDF: fit on a landscape page (default: map size)"
    )

    p = sub.add_parser("chart", help="a chart as PNG, SVG or PDF (no display needed)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--kind",
        required=True,
        choices=("emotion", "matrix", "dimensions"),
        help="emotion curves, the actor x actor conflict matrix, or conflicts by dimension",
    )
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.png|.svg|.pdf")
    p.add_argument("--map", metavar="NAME", help="the map to chart (default: the first)")
    p.add_argument("--width", type=int, default=1280, metavar="PX", help="320 to 8000 (1280)")
    p.add_argument("--height", type=int, default=720, metavar="PX", help="320 to 8000 (720)")
    p.add_argument(
        "--by",
        choices=("count", "severity"),
        default="count",
        help="matrix and dimensions: number of conflicts or total severity (count)",
    )
    return parser


def _load(path: Path):  # -> Workshop; imported lazily to keep start-up light
    from app.store import load_workshop

    return load_workshop(path)


def _cmd_import(args: argparse.Namespace) -> int:
    from app.cards import read_cards
    from app.store import save_workshop

    if args.output.exists() and not args.force:
        _error(f"{args.output} already exists; add --force to replace it")
        return EXIT_BAD_INPUT
    workshop, warnings = read_cards(args.csv)
    for warning in warnings:
        print(warning, file=sys.stderr)
    save_workshop(workshop, args.output)
    print(
        f"{args.output}: {len(workshop.maps)} map(s), {len(workshop.steps)} steps, "
        f"{len(workshop.links)} links, {len(workshop.notes)} notes"
    )
    return EXIT_OK


def _cmd_cards(args: argparse.Namespace) -> int:
    from app.cards import save_cards, write_cards

    workshop = _load(args.file)
    if args.output == "-":
        _write_machine_output(write_cards(workshop))
    elif _same_file(args.file, Path(args.output)):  # the CSV would replace the workshop
        _error(f"{args.output} is the workshop file itself; choose another name for the CSV")
        return EXIT_BAD_INPUT
    else:
        save_cards(workshop, Path(args.output))
    return EXIT_OK


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _write_machine_output(text: str) -> None:
    """JSON or CSV on stdout as the specs say: UTF-8, line ends exactly as written.

    Python writes stdout in the locale's encoding (the ANSI code page on Windows when it is
    redirected to a file) and turns `\\n` into `\\r\\n` on Windows; either breaks the format.
    """
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream put in place of stdout
        sys.stdout.write(text)
        return
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _json_text(data: object) -> str:
    from app import reports

    out = io.StringIO()
    reports.print_json(data, out)
    return out.getvalue()


def _cmd_conflicts(args: argparse.Namespace) -> int:
    import dataclasses

    from app import conflict_report, reports

    exports = [(out, kind) for out, kind in ((args.csv, "csv"), (args.markdown, "md")) if out]
    to_stdout = int(args.json) + sum(out == "-" for out, _ in exports)
    if to_stdout > 1:
        _error("conflicts: only one of --json, --csv -, --markdown - can write to stdout")
        return EXIT_USAGE
    if args.csv and args.csv != "-" and args.csv == args.markdown:
        _error("conflicts: --csv and --markdown name the same file; choose two names")
        return EXIT_USAGE
    workshop = _load(args.file)
    map_id = None
    if args.map is not None:
        journey_map = workshop.map_named(args.map) or workshop.map(args.map)
        if journey_map is None:
            names = ", ".join(f"'{m.name}'" for m in workshop.maps) or "none"
            _error(f"{args.file}: no map named '{args.map}'; its maps: {names}")
            return EXIT_BAD_INPUT
        map_id = journey_map.id
        # The table and the JSON cover every map of the workshop they get: give them one.
        workshop = dataclasses.replace(workshop, maps=[journey_map])
    for out, _ in exports:
        if out == "-":
            continue
        target = Path(out)
        if _same_file(args.file, target):
            _error(f"{out} is the workshop file itself; choose another name for the export")
            return EXIT_BAD_INPUT
        if not target.parent.is_dir():  # checked for both before either is written
            _error(f"{out}: could not save: the folder {target.parent} does not exist")
            return EXIT_BAD_INPUT
    summary = sys.stderr if to_stdout else sys.stdout  # stdout carries an export or JSON
    for out, kind in exports:
        if out == "-":
            text = (
                conflict_report.conflicts_csv(workshop, map_id)
                if kind == "csv"
                else conflict_report.conflicts_markdown(workshop, map_id)
            )
            _write_machine_output(text)
            continue
        save = (
            conflict_report.save_conflicts_csv
            if kind == "csv"
            else conflict_report.save_conflicts_markdown
        )
        count = save(workshop, Path(out), map_id)
        print(f"{out}: {count} conflict{'' if count == 1 else 's'}", file=summary)
    if args.json:
        from app.analysis import conflicts_json

        _write_machine_output(_json_text(conflicts_json(workshop)))
    elif not exports:
        reports.print_conflicts(workshop)
    return EXIT_OK


def _cmd_analyze(args: argparse.Namespace) -> int:
    from app import reports

    workshop = _load(args.file)
    if args.json:
        from app.diagnostics import diagnostics_json

        _write_machine_output(_json_text(diagnostics_json(workshop)))
    else:
        reports.print_diagnostics(workshop)
    return EXIT_OK


def _cmd_info(args: argparse.Namespace) -> int:
    from app import reports

    reports.print_info(_load(args.file), args.file)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    workshop = _load(args.file)
    journey_map = workshop.maps[0] if workshop.maps else None
    if args.map is not None:
        journey_map = workshop.map_named(args.map) or workshop.map(args.map)
    if journey_map is None and not workshop.maps:
        _error(f"{args.file}: the workshop has no map to export")
        return EXIT_BAD_INPUT
    if journey_map is None:
        names = ", ".join(f"'{m.name}'" for m in workshop.maps)
        _error(f"{args.file}: no map named '{args.map}' to export; its maps: {names}")
        return EXIT_BAD_INPUT
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # drawing needs no display
    try:
        from widgets.application import make_application
        from widgets.export import export_map
    except ImportError as error:
        from app.launch import qt_import_problem

        print(qt_import_problem(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    make_application()
    info = export_map(
        workshop,
        journey_map.id,
        args.output,
        scale=args.scale,
        transparent=args.transparent,
        page=args.page,
    )
    print(f"{args.output}: {info.describe()}")
    return EXIT_OK


def _cmd_chart(args: argparse.Namespace) -> int:
    workshop = _load(args.file)
    journey_map = workshop.maps[0] if workshop.maps else None
    if args.map is not None:
        journey_map = workshop.map_named(args.map) or workshop.map(args.map)
    if journey_map is None:
        names = ", ".join(f"'{m.name}'" for m in workshop.maps)
        _error(
            f"{args.file}: no map named '{args.map}' to chart; its maps: {names}"
            if workshop.maps
            else f"{args.file}: the workshop has no map to chart"
        )
        return EXIT_BAD_INPUT
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # drawing needs no display
    try:
        from widgets.application import make_application
        from widgets.charts.export import export_chart
    except ImportError as error:
        from app.launch import qt_import_problem

        print(qt_import_problem(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    make_application()
    info = export_chart(
        workshop,
        journey_map.id,
        args.kind,
        args.output,
        width=args.width,
        height=args.height,
        measure=args.by,
    )
    print(f"{args.output}: {args.kind} chart, {info.describe()}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "import": _cmd_import,
    "cards": _cmd_cards,
    "conflicts": _cmd_conflicts,
    "analyze": _cmd_analyze,
    "info": _cmd_info,
    "export": _cmd_export,
    "chart": _cmd_chart,
}


def _error(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def run_command(argv: list[str]) -> int:
    """Run one headless command; bad input gives a message on stderr and exit status 1."""
    from app.errors import WorkshopError

    args = _command_parser().parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):
        # Card text may hold any character: where stdout cannot show one (a file redirected
        # on Windows is written in the ANSI code page), print "?" rather than fail.
        sys.stdout.reconfigure(errors="replace")
    try:
        return COMMANDS[args.command](args)
    except WorkshopError as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `... | head`: the reader left; not an error of ours
        sys.stderr.close()
        return EXIT_OK


def main(argv: list[str]) -> int:
    """Dispatch to a headless command or open the window."""
    if argv and argv[0] in COMMANDS:
        return run_command(argv)
    args = _gui_parser().parse_args(argv)
    from app.launch import launch_window

    return launch_window(args.file, args.screenshot)

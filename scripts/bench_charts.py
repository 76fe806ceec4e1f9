"""Bar charts of the benchmark report, for the documentation site.

``benchmarks/run.py`` writes ``docs/benchmarks.md``: a heading per workload, each with a
Markdown table (one row per peer, or per step). This reads those tables, wherever they are
and whatever their order, and writes one SVG bar chart per workload and measure into
``docs/assets/benchmarks/`` plus the page that shows them, ``docs/benchmark-charts.md``.
``scripts/docs.sh`` runs it before every build, so the charts follow the latest run.

The SVG is written by hand (a few rectangles and labels), so no plotting library is needed.

    python scripts/bench_charts.py            # read docs/benchmarks.md, write the charts
    python scripts/bench_charts.py --check    # fail if the committed charts are stale
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
ASSETS = ROOT / "docs" / "assets" / "benchmarks"
PAGE = ROOT / "docs" / "benchmark-charts.md"

OURS = ("ours", "ours-slim")
"""Rows drawn in the SDK's colour; every other row is a peer."""

UNIT = re.compile(r"\(([^)]+)\)\s*$")
NUMBER = re.compile(r"^-?[\d,]*\.?\d+")


@dataclass(frozen=True)
class Table:
    """One table of the report: the heading it sits under, its header and its rows."""

    heading: str
    header: list[str]
    rows: list[list[str]]

    def numbers(self, column: int) -> list[tuple[str, float]] | None:
        """``(row label, value)`` for ``column``, or None when a cell there is not a number."""
        values = []
        for row in self.rows:
            value = parse_number(row[column]) if column < len(row) else None
            if value is None:
                return None
            values.append((row[0], value))
        return values


@dataclass(frozen=True)
class Chart:
    """One bar chart: a measure of one table."""

    table: Table
    column: int

    @property
    def measure(self) -> str:
        return self.table.header[self.column]

    @property
    def slug(self) -> str:
        return slugify(f"{self.table.heading} {self.measure}")


def parse_number(cell: str) -> float | None:
    """``"3,678.8"`` -> 3678.8, ``"1.14x"`` -> 1.14; None for words (``"yes"``)."""
    match = NUMBER.match(cell.strip())
    return float(match.group().replace(",", "")) if match else None


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("µ", "u")).strip("-")


def read_tables(markdown: str) -> list[Table]:
    """Every Markdown table of ``markdown`` with the ``#`` heading above it."""
    tables: list[Table] = []
    heading = ""
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif _is_row(line) and i + 1 < len(lines) and _is_rule(lines[i + 1].strip()):
            header = _cells(line)
            i += 2
            rows = []
            while i < len(lines) and _is_row(lines[i].strip()):
                rows.append(_cells(lines[i].strip()))
                i += 1
            tables.append(Table(heading, header, rows))
            continue
        i += 1
    return tables


def _is_row(line: str) -> bool:
    return line.startswith("|") and line.endswith("|")


def _is_rule(line: str) -> bool:
    return _is_row(line) and all(re.fullmatch(r":?-{3,}:?", c) for c in _cells(line))


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("|").split("|")]


def charts_of(tables: list[Table]) -> list[Chart]:
    """The measures worth a chart: per table, the first measured column (one with a unit,
    ``median (µs)``, ``wall (ms)``), and peak memory when it is a separate column; the
    budgets table by its ratios."""
    charts = []
    for table in tables:
        measured = [
            column
            for column, name in enumerate(table.header)
            if column > 0 and UNIT.search(name) and table.numbers(column) is not None
        ]
        if not measured:
            measured = [
                column
                for column, name in enumerate(table.header)
                if column > 0 and table.numbers(column) is not None and "ratio" not in name
            ][:2]
        chosen = measured[:1] + [c for c in measured[1:] if "rss" in table.header[c].lower()][:1]
        charts += [Chart(table, column) for column in chosen]
    return charts


# -- SVG ------------------------------------------------------------------------------------

WIDTH = 760
VALUE_WIDTH = 150
CHAR_WIDTH = 7.2
ROW = 30
TOP = 48
BOTTOM = 16
OURS_COLOUR = "#ff7043"
PEER_COLOUR = "#90a4ae"


def svg_of(chart: Chart) -> str:
    """A horizontal bar chart, longest bar to scale, each bar labelled with its value."""
    values = chart.table.numbers(chart.column) or []
    ratios = _ratios(chart)
    limits = _limits(chart)
    top = max((value for _, value in values + limits), default=0) or 1
    label_width = 20 + CHAR_WIDTH * max((len(label) for label, _ in values), default=0)
    bar_room = WIDTH - label_width - VALUE_WIDTH
    height = TOP + ROW * len(values) + BOTTOM
    title = f"{chart.table.heading}: {chart.measure}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{_esc(title)}" '
        'font-family="-apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif" font-size="13">',
        f"<title>{_esc(title)}</title>",
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="12" y="22" font-size="15" font-weight="600" fill="#212121">{_esc(chart.table.heading)}</text>',
        f'<text x="12" y="40" fill="#616161">{_esc(_subtitle(chart, bool(limits)))}</text>',
    ]
    for index, (label, value) in enumerate(values):
        y = TOP + index * ROW
        width = max(bar_room * value / top, 1.0)
        colour = OURS_COLOUR if label in OURS or chart.measure in OURS else PEER_COLOUR
        shown = chart.table.rows[index][chart.column]
        if index < len(ratios) and ratios[index]:
            shown += f"  ({ratios[index]})"
        if limits:
            shown += f" of {chart.table.rows[index][chart.table.header.index('limit')]}"
        parts += [
            f'<text x="{label_width - 10:.1f}" y="{y + 19}" text-anchor="end" fill="#212121">{_esc(label)}</text>',
            f'<rect x="{label_width:.1f}" y="{y + 5}" width="{width:.1f}" height="{ROW - 10}" rx="3" fill="{colour}">'
            f"<title>{_esc(label)}: {_esc(shown)}</title></rect>",
        ]
        end = width
        if limits:
            x = label_width + bar_room * limits[index][1] / top
            parts.append(
                f'<line x1="{x:.1f}" y1="{y + 2}" x2="{x:.1f}" y2="{y + ROW - 2}" '
                'stroke="#212121" stroke-width="2"/>'
            )
            end = max(width, x - label_width)
        parts.append(
            f'<text x="{label_width + end + 8:.1f}" y="{y + 19}" fill="#424242">{_esc(shown)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _ratios(chart: Chart) -> list[str]:
    """The row's ratio cell, shown beside the value when the table has one."""
    for column, name in enumerate(chart.table.header):
        if name.startswith("ratio") and column != chart.column:
            return [row[column] if column < len(row) else "" for row in chart.table.rows]
    return []


def _limits(chart: Chart) -> list[tuple[str, float]]:
    """A table with a ``limit`` column (the budgets) gets a mark at each row's limit."""
    if "limit" not in chart.table.header:
        return []
    return chart.table.numbers(chart.table.header.index("limit")) or []


def _subtitle(chart: Chart, with_limits: bool) -> str:
    if with_limits:
        return f"{chart.measure}, to the limit marked by the line (lower is better)"
    name = chart.measure.lower()
    if "mb/s" in name or "completed" in name:
        return f"{chart.measure} (higher is better)"
    return f"{chart.measure} (lower is better)"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


# -- the page -------------------------------------------------------------------------------


def page_of(report: str, charts: list[Chart]) -> str:
    """The Markdown page embedding every chart, with where the numbers come from."""
    generated_by = re.search(r"[Gg]enerated by `([^`]+)`", report)
    command = generated_by.group(1) if generated_by else "python benchmarks/run.py"
    lines = [
        "# Benchmark charts",
        "",
        "<!-- Generated by scripts/bench_charts.py from docs/benchmarks.md; do not edit. -->",
        "",
        f"The numbers are those of the last benchmark run, `{command}` (in the project "
        "environment: `bash scripts/run.sh python benchmarks/run.py`), which writes the tables "
        "of [Benchmark tables](benchmarks.md); `bash scripts/docs.sh` draws these charts "
        "from them before building the site. The SDK is in orange (`ours` with every package "
        "installed, `ours-slim` with core and chat only), the peers in grey.",
    ]
    for line in report.splitlines():
        if line.startswith(("Machine:", "Peers:")):
            lines += ["", line]
    heading = None
    for chart in charts:
        if chart.table.heading != heading:
            heading = chart.table.heading
            lines += ["", f"## {heading}"]
        alt = f"{chart.table.heading}: {chart.measure}"
        lines += ["", f"![{alt}](assets/benchmarks/{chart.slug}.svg)"]
    return "\n".join(lines) + "\n"


def outputs(report: str) -> dict[Path, str]:
    tables = read_tables(report)
    if not tables:
        raise SystemExit(f"{REPORT}: no table found; run benchmarks/run.py first")
    charts = charts_of(tables)
    files = {ASSETS / f"{chart.slug}.svg": svg_of(chart) for chart in charts}
    files[PAGE] = page_of(report, charts)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a chart is stale")
    args = parser.parse_args(argv)
    files = outputs(REPORT.read_text(encoding="utf-8"))
    stale = sorted(
        path
        for path, text in files.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    )
    extra = sorted(set(ASSETS.glob("*.svg")) - set(files)) if ASSETS.exists() else []
    if args.check:
        for path in [*stale, *extra]:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale or extra else 0
    ASSETS.mkdir(parents=True, exist_ok=True)
    for path in extra:
        path.unlink()
    for path in stale:
        path.write_text(files[path], encoding="utf-8")
    print(f"bench_charts: {len(files) - 1} charts from {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

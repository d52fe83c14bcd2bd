"""Draws docs/architecture.svg: the layers of .importlinter and what each package imports.

    .venv/bin/python scripts/architecture_diagram.py          # writes docs/architecture.svg
    .venv/bin/python scripts/architecture_diagram.py --check  # exits 1 if it is out of date

One row per layer of the `layers` contract, top to bottom, a box per package
with its name, a line on what it holds and the project's packages it imports
(from the import graph, grimp, imports inside functions included). An import
the contract forbids (upwards, or between siblings) is printed in red; a
package the contract names but that does not exist yet has a dashed box.
The output depends on nothing but the contract and the code: no timestamps,
everything sorted. tests/test_layers.py runs `--check`.
"""

import argparse
import ast
import configparser
import re
import sys
from html import escape
from pathlib import Path

import grimp

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONTRACT_FILE = PROJECT_DIR / ".importlinter"
SVG_FILE = PROJECT_DIR / "docs" / "architecture.svg"

# One line on each package; a package missing here falls back to its
# AppConfig.verbose_name.
DESCRIPTIONS = {
    "bulletin_office": "the composition root: settings, URLs",
    "demo": "the demo data commands",
    "desk": "the staff's workplace: the issue admin",
    "contributions": "reports of member organisations",
    "archive_import": "past bulletins from .txt and .docx",
    "ops": "/healthz, logs, backup and restore",
    "portal": "the recipients' archive and downloads",
    "reviews": "changes since the last review",
    "issues": "issues, articles, workflow, the PDF",
    "organisations": "member and recipient bodies, lists",
    "notices": "the mail queue and its worker",
    "security": "two-factor, throttle, audit log, CSP",
    "signatures": "the office's signature on the PDF",
    "core": "helpers with no models",
}

BOX_WIDTH = 262
BOX_HEIGHT = 100
GAP = 16
ROW_GAP = 22
MARGIN = 24
LEFT_COLUMN = 92  # the arrow "imports go down" and the layer numbers
TITLE_HEIGHT = 40
LEGEND_HEIGHT = 40
CHAR_WIDTH = 5.8  # about, of an 11 px sans-serif character, to cut long lines


def read_layers(contract_file: Path = CONTRACT_FILE) -> tuple[list[str], list[list[str]]]:
    """The root packages and the layers (top first, each a sorted list of packages)."""
    config = configparser.ConfigParser()
    config.read(contract_file, encoding="utf-8")
    roots = config["importlinter"]["root_packages"].split()
    for section in config.sections():
        if section.startswith("importlinter:contract:") and config[section]["type"] == "layers":
            layers = []
            for line in config[section]["layers"].splitlines():
                line = line.strip()
                if line:
                    names = re.split(r"[|:]", line)
                    layers.append(sorted(name.strip().strip("()") for name in names))
            return roots, layers
    raise SystemExit(f"{contract_file}: no contract of type layers")


def existing_packages(names) -> list[str]:
    return sorted(name for name in names if (PROJECT_DIR / name / "__init__.py").exists())


def package_imports(packages: list[str]) -> dict[str, set[str]]:
    """For each package, the other packages of the project its modules import."""
    sys.path.insert(0, str(PROJECT_DIR))
    graph = grimp.build_graph(*packages, cache_dir=None)
    imports = {package: set() for package in packages}
    for module in graph.modules:
        package = module.split(".")[0]
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")[0]
            if other != package and other in imports:
                imports[package].add(other)
    return imports


def description(package: str) -> str:
    if package in DESCRIPTIONS:
        return DESCRIPTIONS[package]
    apps = PROJECT_DIR / package / "apps.py"
    if apps.exists():
        for node in ast.walk(ast.parse(apps.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Assign)
                and any(getattr(t, "id", None) == "verbose_name" for t in node.targets)
                and isinstance(node.value, ast.Call)
                and node.value.args
                and isinstance(node.value.args[0], ast.Constant)
            ):
                return str(node.value.args[0].value)
    return ""


def fit(text: str, width: float) -> str:
    """`text` cut with an ellipsis to about `width` pixels."""
    most = int(width / CHAR_WIDTH)
    return text if len(text) <= most else text[: most - 1].rstrip(", ") + "…"


def render(roots: list[str], layers: list[list[str]], imports: dict[str, set[str]]) -> str:
    level = {package: index for index, row in enumerate(layers) for package in row}
    widest = max(len(row) for row in layers)
    content_width = widest * BOX_WIDTH + (widest - 1) * GAP
    width = MARGIN * 2 + LEFT_COLUMN + content_width
    rows_height = len(layers) * BOX_HEIGHT + (len(layers) - 1) * ROW_GAP
    height = MARGIN * 2 + TITLE_HEIGHT + rows_height + LEGEND_HEIGHT
    top = MARGIN + TITLE_HEIGHT
    left = MARGIN + LEFT_COLUMN

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Noto Sans, Arial, sans-serif">',
        "<title>Bulletin Office: the layers of the project</title>",
        "<defs>",
        '<marker id="head" markerWidth="10" markerHeight="10" refX="9" refY="5" '
        'orient="auto" markerUnits="userSpaceOnUse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker>',
        "</defs>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 18}" font-size="18" font-weight="bold" '
        'fill="#222">The layers of Bulletin Office</text>',
        f'<text x="{width - MARGIN}" y="{MARGIN + 18}" font-size="12" fill="#555" '
        'text-anchor="end">from .importlinter and the import graph: '
        "scripts/architecture_diagram.py</text>",
    ]
    # The arrow on the left: imports go down.
    arrow_x = MARGIN + 16
    out.append(
        f'<line x1="{arrow_x}" y1="{top}" x2="{arrow_x}" y2="{top + rows_height - 10}" '
        'stroke="#777" stroke-width="2" marker-end="url(#head)"/>'
    )
    middle = top + rows_height / 2
    out.append(
        f'<text x="{arrow_x - 6}" y="{middle}" font-size="12" fill="#555" text-anchor="middle" '
        f'transform="rotate(-90 {arrow_x - 6} {middle})">imports go down</text>'
    )
    for index, row in enumerate(layers):
        y = top + index * (BOX_HEIGHT + ROW_GAP)
        row_width = len(row) * BOX_WIDTH + (len(row) - 1) * GAP
        x0 = left + (content_width - row_width) / 2
        out.append(
            f'<rect x="{left - 8}" y="{y - 6}" width="{content_width + 16}" '
            f'height="{BOX_HEIGHT + 12}" rx="8" fill="{"#f4f6f8" if index % 2 else "#eef1f5"}"/>'
        )
        label = f"layer {len(layers) - index}"
        out.append(
            f'<text x="{left - 16}" y="{y + BOX_HEIGHT / 2 - 2}" font-size="12" fill="#555" '
            f'text-anchor="end">{label}</text>'
        )
        if len(row) > 1:
            out.append(
                f'<text x="{left - 16}" y="{y + BOX_HEIGHT / 2 + 13}" font-size="10" '
                'fill="#888" text-anchor="end">siblings</text>'
            )
        for position, package in enumerate(row):
            x = x0 + position * (BOX_WIDTH + GAP)
            exists = package in imports
            dash = "" if exists else ' stroke-dasharray="6 4"'
            out.append(
                f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" '
                f'fill="#ffffff" stroke="#4a6785" stroke-width="1.5"{dash}/>'
            )
            if position:
                out.append(
                    f'<text x="{x - GAP / 2}" y="{y + BOX_HEIGHT / 2 + 6}" font-size="18" '
                    'fill="#aaa" text-anchor="middle">|</text>'
                )
            text_x = x + 10
            inner = BOX_WIDTH - 20
            out.append(
                f'<text x="{text_x}" y="{y + 21}" font-size="15" font-weight="bold" '
                f'fill="#1d3557">{escape(package)}</text>'
            )
            out.append(
                f'<text x="{text_x}" y="{y + 40}" font-size="11" fill="#333">'
                f"{escape(fit(description(package), inner))}</text>"
            )
            out.extend(imports_lines(package, imports, level, text_x, y + 59, inner))
    legend_y = top + rows_height + 30
    out.append(
        f'<text x="{left}" y="{legend_y}" font-size="11" fill="#555">'
        "imports: the project's packages a package imports (grimp, lazy imports included). "
        '<tspan fill="#c0392b" font-weight="bold">red</tspan>: an import the contract forbids. '
        "dashed: not created yet.</text>"
    )
    unlisted = sorted(set(imports) - set(level)) + sorted(set(roots) - set(level))
    if unlisted:
        out.append(
            f'<text x="{left}" y="{legend_y + 16}" font-size="11" fill="#c0392b">'
            f"not in the layers: {escape(', '.join(unlisted))}</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def imports_lines(package, imports, level, x, y, width) -> list[str]:
    """The packages `package` imports, top layer first, on up to three lines."""
    grey = 'font-size="11" fill="#888"'
    if package not in imports:
        return [f'<text x="{x}" y="{y}" {grey}>not created yet</text>']
    names = sorted(imports[package], key=lambda other: (level.get(other, -1), other))
    if not names:
        return [f'<text x="{x}" y="{y}" {grey}>imports: nothing of ours</text>']
    lines, parts, used = [], [], len("imports: ")
    for number, other in enumerate(names):
        shown = other + ("" if number == len(names) - 1 else ", ")
        if (used + len(shown.rstrip())) * CHAR_WIDTH > width:
            lines.append(parts)
            parts, used = [], 0
            if len(lines) == 3:
                lines[-1].append("…")
                break
        forbidden = level.get(other, -1) <= level.get(package, len(level))
        colour = ' fill="#c0392b" font-weight="bold"' if forbidden else ""
        parts.append(f"<tspan{colour}>{escape(shown)}</tspan>")
        used += len(shown)
    if parts:
        lines.append(parts)
    return [
        f'<text x="{x}" y="{y + 15 * index}" font-size="11" fill="#555">'
        f"{'imports: ' if index == 0 else ''}{''.join(parts)}</text>"
        for index, parts in enumerate(lines)
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if docs/architecture.svg is out of date"
    )
    arguments = parser.parse_args(argv)
    roots, layers = read_layers()
    svg = render(roots, layers, package_imports(existing_packages(roots)))
    current = SVG_FILE.read_text(encoding="utf-8") if SVG_FILE.exists() else None
    if arguments.check:
        if svg != current:
            print(
                f"{SVG_FILE.relative_to(PROJECT_DIR)} is out of date: "
                "run .venv/bin/python scripts/architecture_diagram.py",
                file=sys.stderr,
            )
            return 1
        return 0
    if svg != current:
        SVG_FILE.write_text(svg, encoding="utf-8")
        print(f"wrote {SVG_FILE.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

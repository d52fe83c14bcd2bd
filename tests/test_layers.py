"""The layers of .importlinter hold, the check can fail, and docs/architecture.svg is current."""

import importlib.util
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
NOT_CHECKED = {"tests", "bench", "scripts"}


def lint_imports(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *arguments],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def diagram_script():
    path = PROJECT_DIR / "scripts" / "architecture_diagram.py"
    spec = importlib.util.spec_from_file_location("architecture_diagram", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_contracts_are_kept():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_build(tmp_path):
    # issues imports core; declaring core above issues makes that import an upward one.
    config = tmp_path / "upside-down.ini"
    config.write_text(
        "[importlinter]\n"
        "root_packages =\n    core\n    issues\n"
        "[importlinter:contract:upside-down]\n"
        "name = core above issues\n"
        "type = layers\n"
        "layers =\n    core\n    issues\n",
        encoding="utf-8",
    )
    result = lint_imports(str(config))
    assert result.returncode != 0
    assert "issues is not allowed to import core" in result.stdout


def test_every_package_of_the_project_is_in_the_layers():
    roots, layers = diagram_script().read_layers()
    packages = {
        path.parent.name
        for path in PROJECT_DIR.glob("*/__init__.py")
        if path.parent.name not in NOT_CHECKED
    }
    in_layers = {package for layer in layers for package in layer}
    assert packages <= set(roots), "add these to root_packages in .importlinter"
    assert set(roots) == in_layers, "root_packages and the layers name different packages"


def test_the_architecture_picture_is_current():
    result = subprocess.run(
        [sys.executable, "scripts/architecture_diagram.py", "--check"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

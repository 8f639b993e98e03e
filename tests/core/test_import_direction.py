"""The apps depend in one direction (docs/architecture.md, "The apps and their direction"):
a lower app never imports a higher one, and no domain app imports the site (site/cms, site/config).
The test reads every module's imports (also those inside functions), so a cycle that only shows
up at run time is caught here first."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = {"cms", "config"}
BASE = {"core", "outbox", "partners"}
# app -> the project apps it may import. Anything not listed (a higher app, the site) is refused.
ALLOWED = {
    "core": set(),
    "outbox": {"core"},
    "partners": {"core", "outbox"},
    "pilots": BASE,
    "business_cases": BASE | {"pilots"},
    "learning": BASE | {"pilots", "business_cases"},
    "programmes": BASE | {"pilots"},
    "benchmarking": BASE | {"pilots"},
    "evidence": BASE | {"pilots", "learning", "benchmarking"},
    "search": BASE | {"pilots", "learning", "programmes", "benchmarking", "evidence"},
    "iati_export": BASE | {"pilots", "programmes"},
    "monitoring": BASE | {"pilots", "programmes"},
}
PROJECT = set(ALLOWED) | SITE
# Deliberate exceptions, each (module, app) with its reason; keep them few and listed in
# docs/architecture.md.
EXCEPTIONS = {
    # Removing a member warns about the pilots only they can edit: the page reads pilots'
    # selector (an interface reading a higher app; no service of partners depends on pilots).
    ("partners/views.py", "pilots"),
}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def _violations(app: str) -> list[str]:
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = path.relative_to(ROOT).as_posix()
        for top in sorted(set(_imports(path))):
            allowed = top not in PROJECT or top == app or top in ALLOWED[app]
            if not allowed and (module, top) not in EXCEPTIONS:
                found.append(f"{module} imports {top}")
    return found


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    if not (ROOT / app).is_dir():
        pytest.skip(f"{app}/ does not exist in this tree")
    assert _violations(app) == []


def test_every_project_app_is_placed_in_the_order():
    apps = {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if path.parent.name not in {"site", "tests", "scripts", "bench"}
    }
    assert apps <= set(ALLOWED), f"place {sorted(apps - set(ALLOWED))} in ALLOWED"


def test_the_checker_sees_a_forbidden_import(tmp_path, monkeypatch):
    (tmp_path / "pilots").mkdir()
    (tmp_path / "pilots" / "x.py").write_text(
        "def f():\n    from programmes.models import Programme\n    from config import urls\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _violations("pilots") == ["pilots/x.py imports config", "pilots/x.py imports programmes"]

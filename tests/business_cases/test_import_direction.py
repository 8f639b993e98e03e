"""business_cases depends on pilots; pilots never imports business_cases (so pilots can be read,
tested and changed without the business case, and the dependency stays one-way)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_pilots_does_not_import_business_cases():
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "pilots").rglob("*.py"))
        for name in _imports(path)
        if name == "business_cases" or name.startswith("business_cases.")
    ]
    assert offenders == []


def test_pilots_templates_use_the_business_case_only_by_url_name():
    """The pilot page links to the case by URL name; it includes none of its templates."""
    for path in (ROOT / "pilots" / "templates").rglob("*.html"):
        text = path.read_text()
        assert "business_cases/" not in text, path


def test_business_cases_builds_on_pilots():
    used = set().union(*(_imports(p) for p in (ROOT / "business_cases").rglob("*.py")))
    assert any(name.startswith("pilots") for name in used)

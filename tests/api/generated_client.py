"""A typed Python client generated from the portal's own /api/schema/ with openapi-python-client,
once per test session, into a temporary folder (never committed: the schema is the source, and a
committed copy could drift from it unnoticed).

`strict(parsed)` is the drift check the generator does not do itself: it walks a parsed response
and fails on any field the schema does not declare (`additional_properties` of a model whose
schema declares none) and on any value whose type is not the declared one.
"""

import importlib
import pkgutil
import subprocess
import sys
import types
import typing
from datetime import date, datetime
from pathlib import Path

import attrs

PACKAGE = "pp_client"
CONFIG = """\
post_hooks: []
content_type_overrides:
  application/xml: application/octet-stream
"""


def generate_client(schema: bytes, folder: Path) -> types.ModuleType:
    """Write the schema, generate the package `pp_client` in `folder` and import it. Fails on
    any warning from the generator (an operation it had to skip is drift too)."""
    (folder / "schema.json").write_bytes(schema)
    (folder / "config.yml").write_text(CONFIG, encoding="utf-8")
    generator = Path(sys.executable).with_name("openapi-python-client")
    run = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(folder / "schema.json"),
            "--output-path",
            str(folder / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(folder / "config.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "Warning" not in output and "Error" not in output, output
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    package = importlib.import_module(PACKAGE)
    # Every operation's module must import: generated code that cannot load is a failure too.
    api = importlib.import_module(f"{PACKAGE}.api")
    for module in pkgutil.walk_packages(api.__path__, f"{PACKAGE}.api."):
        importlib.import_module(module.name)
    return package


def _namespace(package) -> dict:
    models = importlib.import_module(f"{package.__name__}.models")
    types_module = importlib.import_module(f"{package.__name__}.types")
    return {
        **vars(typing),
        **{name: getattr(models, name) for name in dir(models) if not name.startswith("_")},
        "Unset": types_module.Unset,
        "datetime": importlib.import_module("datetime"),
        "File": types_module.File,
    }


def _matches(value, hint, unset) -> bool:
    origin = typing.get_origin(hint)
    if hint is typing.Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, arg, unset) for arg in typing.get_args(hint))
    if hint is None or hint is type(None):
        return value is None
    if origin is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(_matches(v, item, unset) for v in value)
    if origin is dict:
        _, item = typing.get_args(hint)
        return isinstance(value, dict) and all(_matches(v, item, unset) for v in value.values())
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True  # a hint this check does not know: the generator's own parsing decides


def strict(parsed, package, path="response"):
    """Fail on undeclared fields and on values of the wrong type, anywhere in `parsed`."""
    namespace = _namespace(package)
    unset = importlib.import_module(f"{package.__name__}.types").Unset
    _strict(parsed, namespace, unset, path)
    return parsed


def _strict(value, namespace, unset, path):
    cls = type(value)
    if attrs.has(cls):
        hints = typing.get_type_hints(cls, globalns=namespace)
        extra = getattr(value, "additional_properties", None)
        if extra and hints.get("additional_properties") == dict[str, typing.Any]:
            raise AssertionError(f"{path}: fields the schema does not declare: {sorted(extra)}")
        for field in attrs.fields(cls):
            if field.name == "additional_properties":
                continue
            item = getattr(value, field.name)
            hint = hints[field.name]
            if not _matches(item, hint, unset):
                raise AssertionError(
                    f"{path}.{field.name}: {item!r} is not {hint} as the schema says"
                )
            _strict(item, namespace, unset, f"{path}.{field.name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _strict(item, namespace, unset, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            _strict(item, namespace, unset, f"{path}[{key!r}]")

"""Every audit event and every changed field has words in Swedish and English.

The action codes and field names are found by reading the services' source (every
`audit_record`/`record`/`_audit` call, its `changes`, the field lists passed to `snapshot`), so
a new event or field without a label fails here, not in front of a coordinator.
"""

import ast
import pathlib
import re

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.translation import trans_real

from partners.audit import audit_record
from partners.audit_labels import (
    ACTION_MODELS,
    ACTIONS,
    AREAS,
    FIELD_LABELS,
    MESSAGE_LABELS,
    MESSAGE_WORDS,
    area_of,
    describe_changes,
    field_label,
    has_field_label,
    message_label,
    message_text,
)
from partners.factories import UserFactory
from partners.models import AuditEvent
from pilots.factories import PilotFactory

ROOT = pathlib.Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z][a-z_]*\.[a-z*][a-z_*]*$")
WRITERS = {"audit_record", "record", "_record", "_audit", "_audit_event", "audit", "audit_report"}
SKIP = {"tests", ".venv", ".tools", "bench", "scripts", "node_modules"}
# Codes built at run time from a model or status name: what they expand to.
EXPANSIONS = {
    "report.*": ["report.approved", "report.returned"],
    "programme.*": ["programme.expectedsaving", "programme.realisedsaving"],
}


# Fields recorded from a caller's keyword arguments (`snapshot(x, list(fields))`): the fields
# each service accepts, read from the service's own list.
def _dynamic_fields() -> dict[str, list[str]]:
    from business_cases.services.input import CASE_FIELDS, LINE_FIELDS
    from partners.reference_services import _fields
    from pilots.services.pilots import UPDATABLE_FIELDS

    appraisal = apps.get_model("learning.Appraisal")
    system = {"practice", "nomination", "status", "version", "authors", "published_by"}
    return {
        "pilots.Pilot": [*UPDATABLE_FIELDS, "lead_organisation"],
        "business_cases.BusinessCase": CASE_FIELDS,
        "business_cases.BusinessCaseLine": LINE_FIELDS,
        "partners.Kommun": _fields(apps.get_model("partners.Kommun")()),
        "partners.Region": _fields(apps.get_model("partners.Region")()),
        "learning.Appraisal": [
            f.name
            for f in appraisal._meta.concrete_fields
            if f.editable
            and not f.primary_key
            and f.name not in system
            and not f.name.endswith("_at")
        ],
    }


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIP or "migrations" in parts:
            continue
        yield path


def _strings(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values)]
    return []


class _Module:
    def __init__(self, tree):
        self.consts = {}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                self.consts.setdefault(node.targets[0].id, node.value)

    def names(self, node, depth=0) -> list[str]:
        if depth > 6:
            return []
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            out = []
            for item in node.elts:
                out += self.names(item.value if isinstance(item, ast.Starred) else item, depth + 1)
            return out
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.Name) and node.id in self.consts:
            return self.names(self.consts[node.id], depth + 1)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"list", "tuple"}:
            return self.names(node.args[0], depth + 1) if node.args else []
        if isinstance(node, ast.ListComp):
            return self.names(node.generators[0].iter, depth + 1)
        return []

    def keys(self, node) -> list[str]:
        if isinstance(node, ast.Dict):
            return [k.value for k in node.keys if isinstance(k, ast.Constant)]
        if isinstance(node, ast.DictComp):
            source = node.generators[0].iter
            if isinstance(source, ast.Call) and getattr(source.func, "attr", "") == "items":
                return self.keys(source.func.value)
            return self.names(source)
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", "")
            if name == "snapshot" and len(node.args) > 1:
                return self.names(node.args[1])
            if name == "diff":
                return [k for arg in node.args for k in self.keys(arg)]
        if isinstance(node, ast.Name) and node.id in self.consts:
            return self.keys(self.consts[node.id])
        return []


def scan() -> tuple[set[str], set[str]]:
    """(action codes, changed field names) written anywhere in the source."""
    actions, fields = set(), set()
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = _Module(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                for kw in node.keywords:
                    if kw.arg == "action":
                        actions.update(s for s in _strings(kw.value) if CODE.match(s))
                    elif kw.arg == "changes":
                        fields.update(module.keys(kw.value))
                if name in WRITERS:
                    for arg in node.args:
                        actions.update(s for s in _strings(arg) if CODE.match(s))
                    if len(node.args) >= 4:
                        fields.update(module.keys(node.args[3]))
                if name == "snapshot" and len(node.args) > 1:
                    fields.update(module.names(node.args[1]))
                if (
                    getattr(node.func, "attr", "") == "setdefault"
                    and getattr(node.func.value, "id", "") == "changes"
                ):
                    fields.update(_strings(node.args[0]))
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Subscript) and getattr(target.value, "id", "") == (
                    "changes"
                ):
                    fields.update(_strings(target.slice))
                if isinstance(target, ast.Name) and target.id == "changes":
                    fields.update(module.keys(node.value))
    expanded = set()
    for action in actions:
        expanded.update(EXPANSIONS.get(action, [action]))
    return expanded, fields


ACTION_CODES, FIELD_NAMES = scan()


def _english(label) -> bool:
    """The label's msgid has a non-empty English translation in the compiled catalogue."""
    msgid = str(label._proxy____args[0]) if hasattr(label, "_proxy____args") else str(label)
    catalog = trans_real.translation("en")._catalog
    return bool(catalog.get(msgid))


def _field_models() -> list:
    return [apps.get_model(label) for label in {*ACTION_MODELS.values(), *_dynamic_fields()}]


def _dynamic_pairs() -> list[tuple[str, str]]:
    return sorted((label, name) for label, names in _dynamic_fields().items() for name in names)


def test_the_scan_finds_the_services_events_and_fields():
    # Guards the scanner itself: if it finds nothing, the tests below would pass vacuously.
    assert {"pilot.published", "report.approved", "programme.realisedsaving"} <= ACTION_CODES
    assert {"baseline_value", "period_locked", "status", "what_worked"} <= FIELD_NAMES
    assert len(ACTION_CODES) > 60 and len(FIELD_NAMES) > 50


@pytest.mark.parametrize("action", sorted(ACTION_CODES))
def test_every_action_has_a_swedish_and_an_english_label(action):
    assert action in ACTIONS, f"{action} has no label in partners/audit_labels.py ACTIONS"
    assert area_of(action) in AREAS, f"{action}'s area has no label in AREAS"
    assert _english(ACTIONS[action]), f"{action}: no English translation of {ACTIONS[action]}"
    assert _english(AREAS[area_of(action)])


@pytest.mark.parametrize("name", sorted(FIELD_NAMES))
def test_every_audited_field_has_a_swedish_and_an_english_label(name):
    if name in FIELD_LABELS:
        labels = [FIELD_LABELS[name]]
    else:
        owners = [m for m in _field_models() if has_field_label(name, model=m)]
        assert owners, (
            f"changed field {name!r} has no label: add it to FIELD_LABELS or name the model "
            "in ACTION_MODELS"
        )
        labels = [m._meta.get_field(name).verbose_name for m in owners]
    assert any(_english(label) for label in labels), f"{name}: no English translation {labels}"


@pytest.mark.parametrize("label,name", _dynamic_pairs())
def test_every_field_a_service_takes_by_name_has_a_swedish_and_an_english_label(label, name):
    model = apps.get_model(label)
    assert has_field_label(name, model=model), f"{label}.{name} has no label"
    field_words = FIELD_LABELS.get(name) or model._meta.get_field(name).verbose_name
    assert _english(field_words), f"{label}.{name}: no English translation of {field_words}"


@pytest.mark.django_db
def test_raw_values_read_as_the_user_typed_them():
    pilot = PilotFactory()
    actor = UserFactory()
    cases = [
        ("pilot.published", {"status": ["draft", "active"]}, ("Status", "Utkast", "Pågår")),
        (
            "pilot.indicator_updated",
            {"baseline_value": [None, "0.0000"]},
            ("Utgångsvärde", "–", "0"),
        ),
        (
            "pilot.indicator_updated",
            {"baseline_value": ["15.2000", "1200000.5000"]},
            ("Utgångsvärde", "15,2", "1\u202f200\u202f000,5"),
        ),
        ("pilot.updated", {"health_area": ["", "psykisk_ohalsa"]}, None),
    ]
    for action, changes, expected in cases:
        event = audit_record(actor=actor, action=action, obj=pilot, changes=changes)
        rows = describe_changes(event)
        if expected:
            assert rows == [expected], rows
        for label, _before, after in rows:
            assert "_" not in label and "_" not in after and after != "psykisk_ohalsa"
    report_event = AuditEvent(action="report.approved", changes={"period_locked": [False, True]})
    report_event.content_type_id = None
    assert describe_changes(report_event) == [("Perioden låst", "nej", "ja")]
    with translation.override("en"):
        event = audit_record(
            actor=actor,
            action="pilot.indicator_updated",
            obj=pilot,
            changes={"baseline_value": ["15.2000", "1200000.5000"]},
        )
        assert describe_changes(event) == [("Baseline value", "15.2", "1,200,000.5")]
        assert field_label("period_locked") == "Period locked"


def test_event_messages_that_are_no_comment_are_labelled_in_both_languages():
    for label in [*MESSAGE_LABELS.values(), *MESSAGE_WORDS.values()]:
        assert _english(label), f"no English translation of {label}"


@pytest.mark.django_db
def test_history_names_an_indicator_not_a_comment_and_codes_read_as_words():
    pilot = PilotFactory()
    event = audit_record(
        actor=None, action="pilot.indicator_updated", obj=pilot, message="Antal deltagare"
    )
    assert (message_label(event.action), message_text(event)) == ("Indikator", "Antal deltagare")
    event = audit_record(
        actor=None, action="indicator.created", obj=pilot, message="load_indicator_library"
    )
    assert message_text(event) == "Inläst från indikatorbiblioteket"
    event = audit_record(
        actor=None, action="business_case.line_added", obj=pilot, message="2024: 1000.50"
    )
    assert message_text(event) == "2024: 1\u202f000,5"

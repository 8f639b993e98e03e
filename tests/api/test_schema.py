"""The OpenAPI schema generates without a single warning and validates against the OpenAPI spec,
exactly as `manage.py spectacular --validate --fail-on-warn` checks it."""

import pytest
import yaml
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_generates_without_warnings_and_validates(tmp_path):
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert schema["info"]["title"] == "Preventionsportalen API"
    assert "/api/v1/pilots/" in schema["paths"]

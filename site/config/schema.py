"""drf-spectacular hooks and the schema class that documents every operation's error answers."""

from drf_spectacular import openapi

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

ERROR_BODY = {
    "type": "object",
    "description": "`detail` for the whole request, or field name → list of messages.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {},
}

ERRORS = {
    "400": "Bad input: field errors",
    "401": "Missing or invalid token",
    "403": "Not allowed",
    "404": "Not found (or not visible to you), or a page past the last",
    "429": "Too many failed logins from this address for this account: locked out for a while",
}


def only_v1_endpoints(endpoints):
    """Document our /api/v1/ only (the Wagtail pages API at /api/cms/ documents itself)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class AutoSchema(openapi.AutoSchema):
    """Adds the errors an operation can answer wherever a view does not declare them itself, so
    clients can rely on the documented status codes: 400 when it takes input, 401 everywhere (a
    bad token is refused before anything else), 403 for writes and for operations that need
    signing in, 404 for one object or a page of a list; and any code a view names in its
    `schema_extra_errors` (the token endpoint's lockout, 429)."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return operation
        responses = operation.setdefault("responses", {})
        for code in self._possible_errors(operation):
            if code not in responses:
                responses[code] = {
                    "description": ERRORS[code],
                    "content": {"application/json": {"schema": ERROR_BODY}},
                }
        return operation

    def _possible_errors(self, operation) -> list[str]:
        parameters = operation.get("parameters", [])
        takes_query = any(p.get("in") == "query" for p in parameters)
        names_object = any(p.get("in") == "path" for p in parameters)
        paginated = any(p.get("in") == "query" and p.get("name") == "page" for p in parameters)
        anonymous = {} in operation.get("security", [{}])
        codes = ["401"]
        if "requestBody" in operation or takes_query:
            codes.append("400")
        if self.method not in SAFE_METHODS or not anonymous:
            codes.append("403")
        if names_object or paginated:
            codes.append("404")
        codes.extend(getattr(self.view, "schema_extra_errors", ()))
        return codes

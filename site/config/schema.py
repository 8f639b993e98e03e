"""drf-spectacular hooks."""


def only_v1_endpoints(endpoints):
    """Document our /api/v1/ only (the Wagtail pages API at /api/cms/ documents itself)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]

"""The pilots API's views, one module per resource: pilots.py (pilots and the indicator
library), reports.py (periods and period reports) and validation.py (validation rules). ERRORS
are the error answers they document."""

from drf_spectacular.utils import OpenApiResponse

ERRORS = {
    400: OpenApiResponse(description="Field errors"),
    403: OpenApiResponse(description="Not allowed"),
}

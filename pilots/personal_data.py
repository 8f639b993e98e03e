"""Refusing personal data about residents: the rule lives in `core.personal_data`.

Reports and imports call `looks_like_personnummer` on every free-text and imported cell and
refuse a match; typed free text gets the warning of `PersonalDataWarningMixin`.
"""

from core.personal_data import (  # noqa: F401 (re-exported)
    MESSAGE,
    PERSONNUMMER,
    PersonalDataConfirmSerializer,
    PersonalDataWarningMixin,
    looks_like_personnummer,
)

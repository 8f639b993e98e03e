"""State changes of the monitoring app: reminders from the completeness and timeliness matrix."""

from monitoring.services.reminders import remind_missing_reporters

__all__ = ["remind_missing_reporters"]

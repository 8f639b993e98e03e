"""Validation rules of period reports: a safe expression language (no eval), its evaluation
over a report's cells, and how failures are shown. Models: pilots.models.validation."""

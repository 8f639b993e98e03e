"""Regression tests for the defects found from outside (issue 15, "Production truth"): one
module per defect, named after it, so `pytest tests/defects` lists and runs them all. Those that
only show on PostgreSQL or outside a wrapping transaction run there (marker `postgres`)."""

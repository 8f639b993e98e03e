"""Programmes: a funder's portfolio of pilots, stage gates, aggregated results, progress reports,
fund ledger."""

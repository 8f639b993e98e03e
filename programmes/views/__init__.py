"""Programme pages, one module per area: public pages, management, portfolio, decisions, reports,
ledger."""

"""Every state change of users, organisations, memberships and invitations, one module per
subject: organisations (registration, details, the coordinator's decision) and memberships
(accounts, members, roles, invitations). Callers import the module they need."""

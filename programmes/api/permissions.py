"""Permission classes for the programmes API, built from programmes.rules (core.permissions).

Reads follow the selectors (the rules' queryset filters); writes are checked here, before a
service runs, with the same predicates the pages use.
"""

from core.permissions import ReadOnly, SignedIn, object_rule
from programmes import rules

CanManageProgramme = object_rule(rules.can_manage_programme, name="CanManageProgramme")
CanManageMembersProgramme = object_rule(
    rules.can_manage_programme, target=lambda obj: obj.programme, name="CanManageItsProgramme"
)
CanManageLedgerProgramme = object_rule(
    rules.can_manage_programme,
    target=lambda entry: entry.membership.programme,
    name="CanManageLedgerProgramme",
)

# A programme: read what the list shows; edit and add stages as its manager.
PROGRAMME_ACCESS = ReadOnly | (SignedIn & CanManageProgramme)
# A membership, a progress report: read what the list shows; decide, edit, publish as a manager.
PROGRAMME_ITEM_ACCESS = ReadOnly | (SignedIn & CanManageMembersProgramme)
# Ledger entries and gate decisions: signed in to read; managers record and reverse.
LEDGER_ACCESS = SignedIn & (ReadOnly | CanManageLedgerProgramme)
# A period report in a funder's acceptance queue: the programme's managers read and accept it.
CanAcceptReport = object_rule(rules.can_accept_report, name="CanAcceptReport")
ACCEPTANCE_ACCESS = SignedIn & CanAcceptReport

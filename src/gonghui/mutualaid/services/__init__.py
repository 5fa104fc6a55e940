"""Every write of the mutual-aid scheme, one function per use case (see the modules)."""

from gonghui.mutualaid.services.claims import claim_decide, claim_pay, claim_reveal, claim_submit  # noqa: F401
from gonghui.mutualaid.services.enrolment import contribution_pay, unit_enrol, worker_enrol, worker_leave  # noqa: F401
from gonghui.mutualaid.services.rules import rules_set, scheme_year_create  # noqa: F401

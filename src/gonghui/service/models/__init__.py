"""The tables of 职工服务: the service network, cases and their steps, lawyers and their
pairings, early warning, recuperation. One module per area; imported here so Django sees them."""

from gonghui.service.models.cases import (  # noqa: F401
    Case, CaseAttachment, CaseCategory, CaseStatus, CaseStep, CaseWorker, CategoryTimeLimit, Channel, Outcome, Satisfaction, StepKind,
)
from gonghui.service.models.network import ServiceSite, SiteTier  # noqa: F401
from gonghui.service.models.legal import ActivityKind, LawFirm, Lawyer, LawyerActivity, LawyerPairing  # noqa: F401
from gonghui.service.models.warning import (  # noqa: F401
    CollectiveIncident, EmergencyStep, RiskEnterprise, RiskHandling, RiskLevel, RiskSign, WatchStatus,
)
from gonghui.service.models.recuperation import RecuperationCertificate, RecuperationGroup  # noqa: F401

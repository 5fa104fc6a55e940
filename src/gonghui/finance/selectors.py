"""Every read of union funds, scoped to the acting user."""

from django.db.models import Count, F, Q

from gonghui.core import scope
from gonghui.finance.models import AuditFinding, DuesRecord, FindingStatus, FundsAudit


def dues_visible(user):
    return scope.visible(DuesRecord.objects.select_related("org"), user)


def dues_behind(user):
    return dues_visible(user).filter(collected__lt=F("due"))


def dues_get(user, dues_id) -> DuesRecord:
    return scope.get_visible_or_404(DuesRecord.objects.select_related("org", "recorded_by"), user, pk=dues_id)


def audits_visible(user):
    return scope.visible(
        FundsAudit.objects.select_related("org").annotate(
            finding_count=Count("findings"), open_count=Count("findings", filter=~Q(findings__status=FindingStatus.RECTIFIED))
        ),
        user,
    )


def audit_get(user, funds_audit_id) -> FundsAudit:
    return scope.get_visible_or_404(FundsAudit.objects.select_related("org", "recorded_by"), user, pk=funds_audit_id)


def finding_get(user, audit_finding_id) -> AuditFinding:
    return scope.get_visible_or_404(AuditFinding.objects.select_related("audit__org"), user, path_field="audit__org__path", pk=audit_finding_id)


def findings_visible(user):
    return scope.visible(AuditFinding.objects.select_related("audit__org"), user, path_field="audit__org__path")

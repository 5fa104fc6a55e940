"""Figures of union funds. Dues count by the year they are for: a period takes the records
of the years it spans. Audits count by the day they started; findings with their audit."""

from django.db.models import F, Sum

from gonghui.core import scope
from gonghui.core.indicators import Ratio, indicator
from gonghui.finance.models import AuditFinding, DuesRecord, FindingStatus, FundsAudit


def _dues(org, period):
    return scope.within(DuesRecord.objects.filter(year__gte=period.start.year, year__lte=period.end.year), org.path)


def _sum(rows, field):
    return rows.aggregate(total=Sum(field))["total"] or 0


@indicator("finance.dues_due", "工会经费应收", "元", "期内各年度范围内工会按工资总额和拨缴比例(通常2%)计算的应缴经费之和。", records=_dues)
def dues_due(org, period):
    return _sum(_dues(org, period), "due")


@indicator("finance.dues_collected", "工会经费实收", "元", "期内各年度范围内工会实际拨缴的经费之和。报告“工会经费保持适度增长”按此口径。", records=_dues)
def dues_collected(org, period):
    return _sum(_dues(org, period), "collected")


@indicator("finance.collection_rate", "工会经费收缴率", "%", "实收 / 应收：期内各年度范围内的实收经费之和占应收之和的比例。", records=_dues)
def collection_rate(org, period):
    rows = _dues(org, period)
    return Ratio(_sum(rows, "collected"), _sum(rows, "due"), base="实收经费 / 应收经费(工资总额×拨缴比例)")


def _behind(org, period):
    return _dues(org, period).filter(collected__lt=F("due"))


@indicator("finance.unions_behind", "经费欠缴工会", "家", "期内年度中实收少于应收的工会数。", records=_behind)
def unions_behind(org, period):
    return _behind(org, period).values("org").distinct().count()


@indicator("finance.unions_reporting", "登记经费收缴的工会", "家", "期内年度有经费收缴记录的工会数(收缴率的覆盖面)。", records=_dues)
def unions_reporting(org, period):
    return _dues(org, period).values("org").distinct().count()


def _audits(org, period):
    return scope.within(FundsAudit.objects.filter(started_on__range=(period.start, period.end)), org.path)


@indicator("finance.audits", "经费绩效审计", "项", "期内开始的工会经费绩效审计项数。报告“工会经费绩效审计工作推动了工会经费使用效益最大化”按此口径。", records=_audits)
def audits(org, period):
    return _audits(org, period).count()


def _findings(org, period):
    return scope.within(AuditFinding.objects.filter(audit__started_on__range=(period.start, period.end)), org.path, path_field="audit__org__path")


@indicator("finance.audit_findings", "审计发现问题", "个", "期内开始的经费绩效审计发现的问题个数。", records=_findings,
           breakdown=lambda org, period: [(label, _findings(org, period).filter(status=value).count()) for value, label in FindingStatus.choices])
def audit_findings(org, period):
    return _findings(org, period).count()


@indicator("finance.findings_rectification_rate", "审计问题整改率", "%", "已整改 / 发现问题：期内开始的审计所发现问题中期末前已整改的比例。", records=_findings)
def findings_rectification_rate(org, period):
    rows = _findings(org, period)
    return Ratio(rows.filter(status=FindingStatus.RECTIFIED, rectified_on__lte=period.end).count(), rows.count(), base="已整改问题 / 审计发现问题")

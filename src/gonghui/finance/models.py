"""The tables of 工会经费: dues collected from each union by year against what is due
(经费收缴), and the performance audits of a union's funds (经费绩效审计) with their findings."""

from django.db import models
from django.db.models import F, Q

DEFAULT_RATE = 2  # 按全部职工工资总额的2%拨缴工会经费 (Trade Union Law, art. 42)


class DuesRecord(models.Model):
    """What one union owed and paid in one year: due = payroll × rate; collected is what came in."""

    org = models.ForeignKey("orgs.Org", verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    payroll = models.DecimalField("工资总额(元)", max_digits=14, decimal_places=2)
    rate = models.DecimalField("拨缴比例(%)", max_digits=5, decimal_places=2, default=DEFAULT_RATE)
    due = models.DecimalField("应收(元)", max_digits=12, decimal_places=2)
    collected = models.DecimalField("实收(元)", max_digits=12, decimal_places=2)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "经费收缴"
        verbose_name_plural = "经费收缴"
        ordering = ["-year", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="one_dues_record_per_union_and_year"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="dues_year_range"),
            models.CheckConstraint(condition=Q(payroll__gte=0), name="dues_payroll_not_negative"),
            models.CheckConstraint(condition=Q(rate__gt=0, rate__lte=100), name="dues_rate_range"),
            models.CheckConstraint(condition=Q(due__gte=0), name="dues_due_not_negative"),
            models.CheckConstraint(condition=Q(collected__gte=0), name="dues_collected_not_negative"),
            models.CheckConstraint(condition=Q(collected__lte=F("payroll")), name="dues_collected_within_payroll"),
        ]
        indexes = [models.Index(fields=["year"])]

    def __str__(self):
        return f"{self.org} {self.year}年经费"

    @property
    def arrears(self):
        return max(self.due - self.collected, 0)

    @property
    def behind(self) -> bool:
        return self.collected < self.due


class AuditStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "审计中"
    REPORTED = "reported", "已出具报告"
    CLOSED = "closed", "整改完毕"


class FundsAudit(models.Model):
    """A performance audit (绩效审计) of one union's funds for one fiscal year."""

    org = models.ForeignKey("orgs.Org", verbose_name="被审计工会", on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField("审计年度")
    started_on = models.DateField("审计开始日期")
    reported_on = models.DateField("报告日期", null=True, blank=True)
    auditors = models.CharField("审计组成员", max_length=200)
    funds_audited = models.DecimalField("审计经费总额(元)", max_digits=14, decimal_places=2, default=0)
    conclusion = models.CharField("审计结论", max_length=500, blank=True)
    status = models.CharField("状态", max_length=12, choices=AuditStatus.choices, default=AuditStatus.IN_PROGRESS)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "经费绩效审计"
        verbose_name_plural = "经费绩效审计"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "fiscal_year"], name="one_funds_audit_per_union_and_year"),
            models.CheckConstraint(condition=Q(reported_on__isnull=True) | Q(reported_on__gte=F("started_on")), name="audit_reported_after_start"),
            models.CheckConstraint(condition=Q(funds_audited__gte=0), name="audit_funds_not_negative"),
        ]

    def __str__(self):
        return f"{self.org} {self.fiscal_year}年度经费绩效审计"


class FindingStatus(models.TextChoices):
    OPEN = "open", "待整改"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "已整改"


class AuditFinding(models.Model):
    """One problem an audit found, with its rectification."""

    audit = models.ForeignKey(FundsAudit, verbose_name="审计", on_delete=models.PROTECT, related_name="findings")
    description = models.CharField("问题", max_length=300)
    amount = models.DecimalField("涉及金额(元)", max_digits=12, decimal_places=2, default=0)
    status = models.CharField("整改状态", max_length=12, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    measure = models.CharField("整改措施", max_length=300, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "审计发现问题"
        verbose_name_plural = "审计发现问题"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="finding_amount_not_negative"),
            models.CheckConstraint(condition=~Q(status="rectified") | Q(rectified_on__isnull=False), name="rectified_finding_has_date"),
        ]

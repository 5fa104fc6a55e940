from django.db import models
from django.db.models import Q


class RiskSign(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", "欠薪迹象"
    SHUTDOWN = "shutdown", "停产停工"
    OWNER_ABSENT = "owner_absent", "业主失联"
    MASS_LAYOFF = "mass_layoff", "规模裁员"
    OTHER = "other", "其他"


class RiskLevel(models.IntegerChoices):
    WATCH = 1, "一般(关注)"
    SERIOUS = 2, "较重(预警)"
    SEVERE = 3, "严重(应急)"


class WatchStatus(models.TextChoices):
    WATCHING = "watching", "监控中"
    CLOSED = "closed", "已解除"


class RiskEnterprise(models.Model):
    """An enterprise on the dispute early-warning list (劳动争议预警), with its sign and level.
    `org` is the enterprise's node when it was listed, so that its town and the city see it."""

    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    sign = models.CharField("风险迹象", max_length=20, choices=RiskSign.choices)
    level = models.PositiveSmallIntegerField("风险等级", choices=RiskLevel.choices)
    workers_affected = models.PositiveIntegerField("涉及职工人数", default=0)
    identified_on = models.DateField("发现日期")
    status = models.CharField("状态", max_length=10, choices=WatchStatus.choices, default=WatchStatus.WATCHING)
    closed_on = models.DateField("解除日期", null=True, blank=True)
    description = models.TextField("情况说明", blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "预警企业"
        verbose_name_plural = "预警企业"
        ordering = ["-identified_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="risk_level_range"),
            models.CheckConstraint(condition=Q(status=WatchStatus.WATCHING, closed_on__isnull=True) | Q(status=WatchStatus.CLOSED, closed_on__isnull=False),
                                   name="risk_closed_has_date"),
            models.UniqueConstraint(fields=["enterprise"], condition=Q(status=WatchStatus.WATCHING), name="one_open_watch_per_enterprise"),
        ]

    def __str__(self):
        return f"{self.enterprise.name}({self.get_sign_display()})"


class RiskHandling(models.Model):
    warning = models.ForeignKey(RiskEnterprise, on_delete=models.PROTECT, related_name="handlings")
    handled_on = models.DateField("日期")
    action = models.CharField("处置情况", max_length=500)
    actor = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["handled_on", "id"]


class CollectiveIncident(models.Model):
    """A collective incident (群体性事件) and its emergency handling."""

    org = models.ForeignKey("orgs.Org", verbose_name="发生地工会", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="涉及企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField("发生日期")
    workers_count = models.PositiveIntegerField("参与职工人数")
    cause = models.CharField("起因", max_length=200)
    resolved_on = models.DateField("平息日期", null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "群体性事件"
        verbose_name_plural = "群体性事件"
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(workers_count__gte=1), name="incident_has_workers"),
            models.CheckConstraint(condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("occurred_on")), name="incident_resolved_after"),
        ]

    def __str__(self):
        return f"{self.occurred_on:%Y-%m-%d} {self.cause}"


class EmergencyStep(models.Model):
    incident = models.ForeignKey(CollectiveIncident, on_delete=models.PROTECT, related_name="steps")
    taken_at = models.DateTimeField("时间")
    step = models.CharField("应急处置措施", max_length=500)
    actor = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["taken_at", "id"]

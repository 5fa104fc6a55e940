"""The tables of 女职工与心理关爱: special-protection agreements for women workers
(女职工特殊保护专项集体合同), the counselling rooms (心理辅导室) and worker-appeal service
points (职工诉求服务点) that enterprises set up, and the psychological-welfare activities
taken to enterprises (送职工精神福利)."""

from django.db import models
from django.db.models import F, Q


class ProtectionAgreement(models.Model):
    """A special collective agreement protecting women workers, signed by one enterprise."""

    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField("签订日期")
    expires_on = models.DateField("到期日期")
    women_covered = models.PositiveIntegerField("覆盖女职工(人)")
    terms = models.CharField("主要条款", max_length=500, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "女职工特殊保护专项集体合同"
        verbose_name_plural = "女职工特殊保护专项集体合同"
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "signed_on"], name="one_protection_agreement_per_enterprise_and_day"),
            models.CheckConstraint(condition=Q(expires_on__gt=F("signed_on")), name="protection_agreement_expires_after_signing"),
        ]

    def __str__(self):
        return f"{self.enterprise.name} 女职工特殊保护专项集体合同({self.signed_on:%Y-%m-%d})"


class CarePointKind(models.TextChoices):
    COUNSELLING_ROOM = "counselling_room", "心理辅导室"
    APPEAL_POINT = "appeal_point", "职工诉求服务点"


class CarePoint(models.Model):
    """A counselling room or a worker-appeal service point in an enterprise or at a union."""

    kind = models.CharField("类别", max_length=20, choices=CarePointKind.choices)
    name = models.CharField("名称", max_length=120)
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="所在企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField("设立日期")
    closed_on = models.DateField("撤销日期", null=True, blank=True)
    staff = models.PositiveSmallIntegerField("工作人员(人)", default=1)
    counsellors_certified = models.PositiveSmallIntegerField("持证心理咨询师(人)", default=0)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "心理辅导室与诉求服务点"
        verbose_name_plural = "心理辅导室与诉求服务点"
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "org", "name"], name="care_point_name_unique_per_union"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")), name="care_point_closed_after_opened"),
            models.CheckConstraint(condition=Q(counsellors_certified__lte=F("staff")), name="care_point_counsellors_within_staff"),
        ]

    def __str__(self):
        return self.name

    @property
    def place_name(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.org.name


class WelfareActivity(models.Model):
    """One psychological-welfare activity taken to an enterprise (送职工精神福利): a talk,
    group counselling, a screening."""

    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("日期")
    title = models.CharField("活动内容", max_length=120)
    participants = models.PositiveIntegerField("参加职工(人)")
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "送职工精神福利活动"
        verbose_name_plural = "送职工精神福利活动"
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "held_on", "title"], name="welfare_activity_once"),
            models.CheckConstraint(condition=Q(participants__gte=1), name="welfare_activity_has_participants"),
        ]

    def __str__(self):
        return f"{self.enterprise.name} {self.title}"

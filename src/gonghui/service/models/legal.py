from django.db import models
from django.db.models import Q


class LawFirm(models.Model):
    """A law firm working with the unions; `org` is the node that recorded it (its scope)."""

    org = models.ForeignKey("orgs.Org", verbose_name="登记单位", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("律师事务所", max_length=120)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "律师事务所"
        verbose_name_plural = "律师事务所"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="law_firm_unique_per_org")]

    def __str__(self):
        return self.name


class Lawyer(models.Model):
    firm = models.ForeignKey(LawFirm, verbose_name="律师事务所", on_delete=models.PROTECT, related_name="lawyers")
    name = models.CharField("姓名", max_length=40)
    license_number = models.CharField("执业证号", max_length=17, unique=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)

    class Meta:
        verbose_name = "律师"
        verbose_name_plural = "律师"
        ordering = ["name"]

    def __str__(self):
        return self.name


class LawyerPairing(models.Model):
    """A lawyer paired with a union (律师与工会结对) for a period."""

    lawyer = models.ForeignKey(Lawyer, verbose_name="律师", on_delete=models.PROTECT, related_name="pairings")
    org = models.ForeignKey("orgs.Org", verbose_name="结对工会", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("结对日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "律师结对"
        verbose_name_plural = "律师结对"
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")), name="pairing_ends_after_start"),
            models.UniqueConstraint(fields=["lawyer", "org"], condition=Q(ended_on__isnull=True), name="one_open_pairing_per_lawyer_union"),
        ]

    def __str__(self):
        return f"{self.lawyer.name} — {self.org.name}"


class ActivityKind(models.TextChoices):
    RULES_REVIEW = "rules_review", "审查完善企业规章制度"
    LECTURE = "lecture", "法律知识讲座"
    CONSULTATION = "consultation", "法律咨询"
    LEGAL_AID = "legal_aid", "法律援助"


class LawyerActivity(models.Model):
    """What a paired lawyer did for the union: an enterprise's rules reviewed, a lecture, a
    consultation day, a legal aid case."""

    pairing = models.ForeignKey(LawyerPairing, verbose_name="结对", on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField("活动类别", max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField("日期")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField("主题/事由", max_length=200)
    attendees = models.PositiveIntegerField("参加/受助人数", default=0)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "律师活动"
        verbose_name_plural = "律师活动"
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind=ActivityKind.RULES_REVIEW) | Q(enterprise__isnull=False), name="rules_review_names_enterprise"),
        ]
        indexes = [models.Index(fields=["kind", "held_on"])]

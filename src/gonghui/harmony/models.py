"""Harmonious-enterprise creation (和谐企业创建) and CSR evaluation.

An enterprise applies for a year at a level (town 镇级 or village 村级); its application is
scored against that year's criteria sheet (items with their maximum points); with a total at
or above the sheet's pass score it may be awarded as a harmonious enterprise of its level,
and for an item scored at or above SINGLE_ITEM_SHARE of the item's maximum, a single-item
award (单项) of that item. `org` is the enterprise's union at the time, for scope.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q

SINGLE_ITEM_SHARE = Decimal("0.8")


class CriteriaSheet(models.Model):
    """The year's criteria sheet (评分标准), set by the federation for every town."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("名称", max_length=100)
    pass_score = models.DecimalField("达标分数", max_digits=6, decimal_places=2)
    created_by = models.ForeignKey("accounts.User", verbose_name="制定人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "和谐企业评分标准"
        verbose_name_plural = "和谐企业评分标准"
        ordering = ["-year"]
        constraints = [models.CheckConstraint(condition=Q(pass_score__gt=0), name="criteria_pass_score_positive")]

    def __str__(self):
        return f"{self.year}年{self.title}"


class CriteriaItem(models.Model):
    sheet = models.ForeignKey(CriteriaSheet, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField("序号")
    name = models.CharField("评分项目", max_length=80)
    max_points = models.DecimalField("满分", max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = "评分项目"
        verbose_name_plural = "评分项目"
        ordering = ["sheet", "number"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "number"], name="criteria_item_number_unique"),
            models.UniqueConstraint(fields=["sheet", "name"], name="criteria_item_name_unique"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criteria_item_max_positive"),
        ]

    def __str__(self):
        return self.name


class AwardLevel(models.TextChoices):
    TOWN = "town", "镇级"
    VILLAGE = "village", "村级"


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", "已申报"
    SCORED = "scored", "已评分"
    AWARDED = "awarded", "已命名"


class HarmonyApplication(models.Model):
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="harmony_applications")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("申报级别", max_length=10, choices=AwardLevel.choices)
    applied_on = models.DateField("申报日期")
    status = models.CharField("状态", max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED)
    total_score = models.DecimalField("总分", max_digits=7, decimal_places=2, null=True, blank=True)
    scored_by = models.ForeignKey("accounts.User", verbose_name="评分人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "和谐企业创建申报"
        verbose_name_plural = "和谐企业创建申报"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["year", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_harmony_application_per_year"),
            models.CheckConstraint(condition=Q(status="applied") | Q(total_score__isnull=False), name="scored_application_has_total"),
        ]

    def __str__(self):
        return f"{self.year}年 {self.enterprise.name}"


class ItemScore(models.Model):
    application = models.ForeignKey(HarmonyApplication, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(CriteriaItem, verbose_name="评分项目", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("得分", max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "item"], name="one_score_per_item"),
            models.CheckConstraint(condition=Q(points__gte=0), name="item_score_not_negative"),
        ]


class HarmonyAward(models.Model):
    """An award on a scored application: the harmonious enterprise of its level (no item), or
    a single-item award (单项) for one criteria item."""

    application = models.ForeignKey(HarmonyApplication, on_delete=models.PROTECT, related_name="awards")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("级别", max_length=10, choices=AwardLevel.choices)
    single_item = models.ForeignKey(CriteriaItem, verbose_name="单项", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    awarded_on = models.DateField("命名日期")
    awarded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "和谐企业命名"
        verbose_name_plural = "和谐企业命名"
        ordering = ["-awarded_on", "-id"]
        indexes = [models.Index(fields=["awarded_on", "level"])]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(single_item__isnull=True), name="one_harmony_award_per_application"),
            models.UniqueConstraint(fields=["application", "single_item"], condition=Q(single_item__isnull=False), name="one_single_item_award_each"),
        ]

    @property
    def title(self) -> str:
        return f"{self.get_level_display()}单项({self.single_item.name})" if self.single_item_id else f"{self.get_level_display()}和谐企业"


class CsrGrade(models.TextChoices):
    AAA = "AAA", "AAA(优秀)"
    AA = "AA", "AA(良好)"
    A = "A", "A(达标)"
    C = "C", "未达标"


def grade_for(score) -> str:
    return CsrGrade.AAA if score >= 90 else CsrGrade.AA if score >= 80 else CsrGrade.A if score >= 70 else CsrGrade.C


class CsrEvaluation(models.Model):
    """An enterprise's corporate social responsibility evaluation for a year; the grade
    follows the score (≥90 AAA, ≥80 AA, ≥70 A, below 未达标)."""

    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="csr_evaluations")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    score = models.DecimalField("得分", max_digits=5, decimal_places=2)
    grade = models.CharField("等级", max_length=4, choices=CsrGrade.choices)
    evaluated_on = models.DateField("评价日期")
    evaluated_by = models.CharField("评价机构", max_length=80)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "企业社会责任评价"
        verbose_name_plural = "企业社会责任评价"
        ordering = ["-year", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_csr_evaluation_per_year"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="csr_score_range"),
        ]

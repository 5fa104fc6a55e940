"""The tables of 统计与报告: targets set for an indicator, a union (its subtree) and a year.

A figure itself is never stored: it is computed from records by the indicator that owns it.
Only what people decide is kept here: the target a federation or a town sets itself.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Target(models.Model):
    indicator_code = models.CharField("指标编码", max_length=80)
    org = models.ForeignKey("orgs.Org", verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    value = models.DecimalField("目标值", max_digits=16, decimal_places=2)
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "目标"
        verbose_name_plural = "目标"
        ordering = ["year", "indicator_code", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_code", "org", "year"], name="stats_target_one_per_indicator_org_year"),
            models.CheckConstraint(condition=Q(value__gte=0), name="stats_target_value_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="stats_target_year_range"),
        ]

    def __str__(self):
        return f"{self.year}年 {self.indicator_code} {self.value}"

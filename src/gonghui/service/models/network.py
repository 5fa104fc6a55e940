from django.db import models
from django.db.models import Q


class SiteTier(models.TextChoices):
    CENTRE = "centre", "职工服务中心"
    STATION = "station", "职工服务站"
    POINT = "point", "职工服务点"


# Which level of the tree each tier belongs at: the centre is the federation's, a station a
# town's, a point a village, community, joint or workplace union's.
TIER_LEVELS = {SiteTier.CENTRE: {1}, SiteTier.STATION: {2}, SiteTier.POINT: {3, 4}}


class ServiceSite(models.Model):
    """A node of the union tree marked as part of the three-level service network, with what
    a worker needs to find it."""

    # A foreign key with a unique constraint rather than a one-to-one field: the demo's reset
    # finds the records on the tree by their many-to-one references.
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="service_sites")
    tier = models.CharField("类别", max_length=10, choices=SiteTier.choices)
    name = models.CharField("名称", max_length=120)
    address = models.CharField("地址", max_length=200, blank=True)
    hours = models.CharField("服务时间", max_length=100, blank=True)
    phone = models.CharField("服务电话", max_length=40, blank=True)
    staff = models.CharField("工作人员", max_length=200, blank=True)
    established_on = models.DateField("设立日期")
    closed_on = models.DateField("撤销日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "服务网点"
        verbose_name_plural = "服务网点"
        ordering = ["org__path"]
        constraints = [
            models.UniqueConstraint(fields=["org"], name="one_service_site_per_org"),
            models.CheckConstraint(condition=Q(tier__in=SiteTier.values), name="service_site_tier_known"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("established_on")), name="service_site_closed_after_opened"),
        ]
        indexes = [models.Index(fields=["tier", "established_on"])]

    def __str__(self):
        return self.name

from django.db import models
from django.db.models import Q


class RecuperationGroup(models.Model):
    """A union's recuperation group (职工休养团队); it needs the federation's permit
    (许可证) and each participant a certificate (休养证)."""

    org = models.ForeignKey("orgs.Org", verbose_name="组团工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("团队名称", max_length=120)
    destination = models.CharField("休养地", max_length=120)
    start_on = models.DateField("出发日期")
    end_on = models.DateField("返回日期")
    permit_number = models.CharField("许可证号", max_length=30, null=True, blank=True, unique=True)
    permit_issued_on = models.DateField("许可证发放日期", null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "休养团队"
        verbose_name_plural = "休养团队"
        ordering = ["-start_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="recuperation_ends_after_start"),
            models.CheckConstraint(condition=Q(permit_number__isnull=True, permit_issued_on__isnull=True) | Q(permit_number__isnull=False, permit_issued_on__isnull=False),
                                   name="recuperation_permit_complete"),
        ]
        indexes = [models.Index(fields=["start_on"]), models.Index(fields=["permit_issued_on"])]

    def __str__(self):
        return self.name


class RecuperationCertificate(models.Model):
    group = models.ForeignKey(RecuperationGroup, verbose_name="休养团队", on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField("休养证号", max_length=30, unique=True)
    name = models.CharField("姓名", max_length=40)
    member = models.ForeignKey("members.Member", verbose_name="会员", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField("发证日期")

    class Meta:
        verbose_name = "休养证"
        verbose_name_plural = "休养证"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["group", "member"], condition=Q(member__isnull=False), name="one_certificate_per_member_group")]
        indexes = [models.Index(fields=["issued_on"])]

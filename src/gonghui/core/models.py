from django.db import models


class AuditEntry(models.Model):
    """One line of the append-only, hash-chained audit trail. Written only by core.audit."""

    seq = models.BigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", db_index=True)
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True, db_index=True)
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    actor_org_path = models.CharField("操作人所属节点", max_length=255, blank=True)
    action = models.CharField("动作", max_length=40, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, blank=True, db_index=True)
    object_id = models.CharField("对象ID", max_length=60, blank=True)
    summary = models.CharField("摘要", max_length=500, blank=True)
    changes = models.JSONField("变更", default=dict, blank=True)
    ip = models.CharField("IP", max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"

    def __str__(self):
        return f"#{self.seq} {self.action} {self.summary}"


class AuditHead(models.Model):
    """The last seq and hash of the chain, so that entries cut off the end are noticed."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audithead_single_row")]

from django.conf import settings
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


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "等待校验"
    VALIDATING = "validating", "校验中"
    VALIDATED = "validated", "校验完成，待导入"
    REJECTED = "rejected", "文件无法导入"
    QUEUED = "queued", "排队等待导入"
    IMPORTING = "importing", "导入中"
    DONE = "done", "导入完成"
    FAILED = "failed", "导入未完成"


class ImportMode(models.TextChoices):
    ALL = "all", "全部无误才导入(有一行错误则不导入任何数据)"
    VALID = "valid", "只导入无误的行(错误行跳过)"


class ImportJob(models.Model):
    """One upload of a spreadsheet into one import spec, from upload to the last batch.

    Written only by gonghui.core.imports. The job belongs to a node of the tree (`org`, the
    root of the subtree the rows may touch) and to the account that uploaded it. Each batch
    committed in valid-rows mode also moves `last_committed_row` in the same transaction, so
    an import whose process was killed resumes after the last whole batch.
    """

    spec = models.CharField("导入类型", max_length=40, db_index=True)
    org = models.ForeignKey("orgs.Org", verbose_name="导入到", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)
    status = models.CharField("状态", max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    mode = models.CharField("导入方式", max_length=8, choices=ImportMode.choices, blank=True)
    original_name = models.CharField("文件名", max_length=255)
    file_path = models.CharField(max_length=255, editable=False)  # relative to VAR_DIR/imports
    file_size = models.BigIntegerField("文件大小", default=0)
    file_sha256 = models.CharField(max_length=64, blank=True)
    message = models.CharField("说明", max_length=1000, blank=True)
    unknown_headers = models.JSONField("未识别的列", default=list, blank=True)
    total_rows = models.PositiveIntegerField("数据行", default=0)
    valid_rows = models.PositiveIntegerField("无误行", default=0)
    invalid_rows = models.PositiveIntegerField("错误行", default=0)
    processed_rows = models.PositiveIntegerField("已处理行", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    last_committed_row = models.PositiveIntegerField("已提交至行号", default=0)
    error_sample = models.JSONField("错误示例", default=list, blank=True)
    has_error_file = models.BooleanField(default=False)
    run_token = models.CharField(max_length=32, blank=True)  # the one process allowed to write for this job
    started_at = models.DateTimeField("开始导入", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

from django.db import models
from django.db.models import Q

from gonghui.core.sealing import BlindIndexField, SealedField


class Channel(models.TextChoices):
    VISIT = "visit", "来访"
    CALL = "call", "来电"
    LETTER = "letter", "来信"
    ONLINE = "online", "网上"
    REFERRAL = "referral", "转办"


class CaseCategory(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", "拖欠工资"
    CONTRACT = "contract", "劳动合同"
    WORK_INJURY = "work_injury", "工伤"
    SOCIAL_INSURANCE = "social_insurance", "社会保险"
    DISMISSAL = "dismissal", "辞退"
    OTHER = "other", "其他"


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", "已登记"
    ASSIGNED = "assigned", "已交办"
    IN_PROGRESS = "in_progress", "办理中"
    CONCLUDED = "concluded", "已办结"
    VISITED = "visited", "已回访"


OPEN_STATUSES = (CaseStatus.REGISTERED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS)
CLOSED_STATUSES = (CaseStatus.CONCLUDED, CaseStatus.VISITED)


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "已解决"
    MEDIATED = "mediated", "调解结案"
    ARBITRATION = "arbitration", "转劳动仲裁"
    COURT = "court", "转法院诉讼"
    NOT_ACCEPTED = "not_accepted", "不予受理"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    FAIRLY = "fairly", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"
    UNKNOWN = "unknown", "未表态"


class CategoryTimeLimit(models.Model):
    """How many working days a case of a category may take, set by the federation."""

    category = models.CharField("案件类别", max_length=20, choices=CaseCategory.choices, unique=True)
    working_days = models.PositiveSmallIntegerField("办理时限(工作日)")
    updated_by = models.ForeignKey("accounts.User", verbose_name="设置人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "办理时限"
        verbose_name_plural = "办理时限"
        constraints = [models.CheckConstraint(condition=Q(working_days__gte=1, working_days__lte=90), name="time_limit_range")]


class Case(models.Model):
    """A worker's request or complaint (来访来电案件). `org` is the node that holds it now
    (the station or point it was assigned to, or the one it was referred up to), so that the
    node and every level above see it; `registered_org` is where it came in."""

    number = models.CharField("案件编号", max_length=20, unique=True)
    org = models.ForeignKey("orgs.Org", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+")
    registered_org = models.ForeignKey("orgs.Org", verbose_name="登记单位", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("来源渠道", max_length=10, choices=Channel.choices)
    received_on = models.DateField("受理日期")
    anonymous = models.BooleanField("匿名", default=False)
    reporter_name = models.CharField("反映人", max_length=40, blank=True)
    reporter_phone = SealedField("联系电话", kind="mobile", blank=True)
    reporter_phone_index = BlindIndexField(source="reporter_phone", db_index=True)
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="涉及企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    enterprise_name = models.CharField("涉及企业名称", max_length=120, blank=True)
    category = models.CharField("案件类别", max_length=20, choices=CaseCategory.choices)
    workers_count = models.PositiveIntegerField("涉及职工人数")
    amount_involved = models.DecimalField("涉及金额(元)", max_digits=12, decimal_places=2, default=0)
    description = models.TextField("反映内容")
    status = models.CharField("状态", max_length=12, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    due_on = models.DateField("办理期限")
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=20, choices=Outcome.choices, blank=True)
    amount_recovered = models.DecimalField("挽回金额(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    conclusion = models.TextField("办结情况", blank=True)
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    visited_on = models.DateField("回访日期", null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "来访来电案件"
        verbose_name_plural = "来访来电案件"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(workers_count__gte=1), name="case_has_workers"),
            models.CheckConstraint(condition=Q(amount_involved__gte=0), name="case_amount_not_negative"),
            models.CheckConstraint(condition=Q(amount_recovered__isnull=True) | Q(amount_recovered__gte=0), name="case_recovered_not_negative"),
            models.CheckConstraint(condition=Q(anonymous=True) | ~Q(reporter_name=""), name="case_named_unless_anonymous"),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("received_on")), name="case_due_after_received"),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES, concluded_on__isnull=True)
                | Q(status__in=CLOSED_STATUSES, concluded_on__isnull=False, amount_recovered__isnull=False) & ~Q(outcome=""),
                name="case_concluded_has_conclusion",
            ),
            models.CheckConstraint(condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=models.F("received_on")), name="case_concluded_after_received"),
            models.CheckConstraint(condition=Q(status=CaseStatus.VISITED, visited_on__isnull=False) | (~Q(status=CaseStatus.VISITED) & Q(visited_on__isnull=True)),
                                   name="case_visited_has_date"),
        ]
        indexes = [models.Index(fields=["received_on"]), models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def reporter_display(self) -> str:
        return "匿名" if self.anonymous else self.reporter_name


class CaseWorker(models.Model):
    """A worker named in a case, linked to the member registry when found there."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="workers")
    name = models.CharField("姓名", max_length=40)
    member = models.ForeignKey("members.Member", verbose_name="会员", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "涉及职工"
        verbose_name_plural = "涉及职工"
        ordering = ["id"]


class StepKind(models.TextChoices):
    REGISTER = "register", "登记"
    ASSIGN = "assign", "交办"
    REFER = "refer", "上报"
    ACCEPT = "accept", "受理办理"
    CONCLUDE = "conclude", "办结"
    VISIT = "visit", "回访"


class CaseStep(models.Model):
    """One step of a case's way: who did what, when and why, and where it went."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField("环节", max_length=10, choices=StepKind.choices)
    status_after = models.CharField("办理后状态", max_length=12, choices=CaseStatus.choices)
    from_org = models.ForeignKey("orgs.Org", verbose_name="由", on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey("orgs.Org", verbose_name="至", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("办理时间")
    reason = models.CharField("意见/理由", max_length=500, blank=True)

    class Meta:
        verbose_name = "案件办理记录"
        verbose_name_plural = "案件办理记录"
        ordering = ["at", "id"]


class CaseAttachment(models.Model):
    """A file kept with a case, stored under VAR_DIR (outside the web root) by a generated
    name; the original name is only shown."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=80, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey("accounts.User", verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "案件附件"
        verbose_name_plural = "案件附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name

"""The tables of 困难帮扶: the hardship archive (one file per household, its family, documents,
annual reviews), the per-year thresholds and education grant rates, the relief programmes,
the three-level funds and their ledger, the grants paid from them, and the tallies some
programmes keep (tickets home, jobs offered)."""

from django.db import models
from django.db.models import F, Q

from gonghui.core.sealing import SealedField


class Cause(models.TextChoices):
    ILLNESS = "illness", "因病"
    DISABILITY = "disability", "因残"
    SCHOOLING = "schooling", "子女就学"
    UNEMPLOYMENT = "unemployment", "失业"
    ACCIDENT = "accident", "意外事故"
    OTHER = "other", "其他"


class Grade(models.TextChoices):
    DEEP = "deep", "深度困难"
    RELATIVE = "relative", "相对困难"
    SUDDEN = "sudden", "意外致困"


class FileStatus(models.TextChoices):
    APPLIED = "applied", "已申请"
    CHECKED = "checked", "单位已审核"
    VISITED = "visited", "已入户走访"
    INCOME_CHECKED = "income_checked", "收入已核实"
    NOTICE = "notice", "公示中"
    ARCHIVED = "archived", "已建档"
    EXITED = "exited", "已脱困"
    REJECTED = "rejected", "未通过"


# A file in one of these is the person's one open file in the federation.
OPEN_STATUSES = (FileStatus.APPLIED, FileStatus.CHECKED, FileStatus.VISITED, FileStatus.INCOME_CHECKED, FileStatus.NOTICE, FileStatus.ARCHIVED)


class SchoolLevel(models.TextChoices):
    NONE = "", "不在读"
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中/中职"
    COLLEGE = "college", "大学(含大专)"


class Threshold(models.Model):
    """The local threshold for a year (困难职工认定标准): a household whose yearly income per
    person is below it may be archived. Set at the federation, or by a town for its own."""

    org = models.ForeignKey("orgs.Org", verbose_name="设定单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    per_capita_income = models.DecimalField("家庭人均年收入标准(元)", max_digits=12, decimal_places=2)
    set_by = models.ForeignKey("accounts.User", verbose_name="设定人", on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField("设定时间", auto_now_add=True)

    class Meta:
        verbose_name = "困难标准"
        ordering = ["-year", "org__path"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="one_threshold_per_org_year"),
            models.CheckConstraint(condition=Q(per_capita_income__gt=0), name="threshold_positive"),
        ]


class HardshipFile(models.Model):
    """One household in the hardship archive (困难职工档案), with each workflow step's who and when."""

    member = models.ForeignKey("members.Member", verbose_name="困难职工", on_delete=models.PROTECT, related_name="hardship_files")
    org = models.ForeignKey("orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=20, choices=FileStatus.choices, default=FileStatus.APPLIED)
    grade = models.CharField("困难类别", max_length=10, choices=Grade.choices)
    cause_main = models.CharField("主要致困原因", max_length=20, choices=Cause.choices)
    cause_secondary = models.CharField("次要致困原因", max_length=20, choices=Cause.choices, blank=True)
    is_model_worker = models.BooleanField("困难劳模", default=False)
    worker_income = models.DecimalField("本人年收入(元)", max_digits=12, decimal_places=2)
    other_income = models.DecimalField("其他家庭收入(元)", max_digits=12, decimal_places=2, default=0, help_text="低保、补助、租金等")
    household_size = models.PositiveSmallIntegerField("家庭人口")
    per_capita_income = models.DecimalField("家庭人均年收入(元)", max_digits=12, decimal_places=2)
    threshold = models.DecimalField("认定标准(元)", max_digits=12, decimal_places=2)
    diagnosis = SealedField("病情/残疾情况", kind="diagnosis", blank=True)
    situation = models.TextField("困难情况", blank=True)
    applied_on = models.DateField("申请日期")
    applied_by = models.ForeignKey("accounts.User", verbose_name="申请经办", on_delete=models.PROTECT, related_name="+")
    checked_by = models.ForeignKey("accounts.User", verbose_name="单位审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField("单位审核时间", null=True, blank=True)
    visited_by = models.ForeignKey("accounts.User", verbose_name="走访人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField("入户走访日期", null=True, blank=True)
    visit_note = models.TextField("走访记录", blank=True)
    income_checked_by = models.ForeignKey("accounts.User", verbose_name="收入核实人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    income_checked_at = models.DateTimeField("收入核实时间", null=True, blank=True)
    notice_by = models.ForeignKey("accounts.User", verbose_name="公示发布人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notice_start = models.DateField("公示开始", null=True, blank=True)
    notice_end = models.DateField("公示结束", null=True, blank=True)
    notice_place = models.CharField("公示地点", max_length=100, blank=True)
    archived_by = models.ForeignKey("accounts.User", verbose_name="建档审批人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    archived_on = models.DateField("建档日期", null=True, blank=True)
    file_number = models.CharField("档案编号", max_length=30, blank=True)
    rejected_reason = models.CharField("未通过原因", max_length=200, blank=True)
    exited_by = models.ForeignKey("accounts.User", verbose_name="脱困经办", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    exited_on = models.DateField("脱困日期", null=True, blank=True)
    exit_reason = models.CharField("脱困原因", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "困难职工档案"
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["status", "archived_on"]), models.Index(fields=["exited_on"])]
        constraints = [
            # The person's one open file anywhere in the federation.
            models.UniqueConstraint(fields=["member"], condition=Q(status__in=OPEN_STATUSES), name="one_open_hardship_file_per_member"),
            models.CheckConstraint(condition=~Q(status="archived") | Q(archived_on__isnull=False, notice_end__isnull=False), name="archived_file_has_notice_and_date"),
            models.CheckConstraint(condition=~Q(status="exited") | Q(exited_on__isnull=False) & ~Q(exit_reason=""), name="exited_file_has_date_and_reason"),
            models.CheckConstraint(condition=Q(notice_end__isnull=True) | Q(notice_end__gte=F("notice_start")), name="notice_ends_after_start"),
            models.CheckConstraint(condition=Q(household_size__gte=1), name="household_has_someone"),
            models.CheckConstraint(condition=Q(worker_income__gte=0, other_income__gte=0), name="incomes_not_negative"),
        ]

    def __str__(self):
        return f"{self.member.name}的困难职工档案"


class FamilyMember(models.Model):
    hardship_file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="family")
    name = models.CharField("姓名", max_length=40)
    relation = models.CharField("与职工关系", max_length=20)
    birth_year = models.PositiveSmallIntegerField("出生年份")
    annual_income = models.DecimalField("年收入(元)", max_digits=12, decimal_places=2, default=0)
    school_level = models.CharField("在读学段", max_length=10, choices=SchoolLevel.choices, blank=True)

    class Meta:
        verbose_name = "家庭成员"
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(annual_income__gte=0), name="family_income_not_negative")]

    def __str__(self):
        return self.name


class DocumentKind(models.TextChoices):
    INCOME = "income", "收入证明"
    MEDICAL = "medical", "病历/诊断证明"
    DISABILITY = "disability", "残疾证"
    SCHOOL = "school", "在读证明"
    OTHER = "other", "其他材料"


class SupportingDocument(models.Model):
    """A scanned paper of a file, kept under VAR_DIR (never under the web root) and served only
    to those who see the file."""

    hardship_file = models.ForeignKey(HardshipFile, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("材料类型", max_length=20, choices=DocumentKind.choices)
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=100, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey("accounts.User", verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "证明材料"
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "继续保留"
    REGRADED = "regraded", "调整类别"
    EXIT = "exit", "脱困退出"


class AnnualReview(models.Model):
    hardship_file = models.ForeignKey(HardshipFile, on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveSmallIntegerField("复核年度")
    per_capita_income = models.DecimalField("人均年收入(元)", max_digits=12, decimal_places=2)
    threshold = models.DecimalField("认定标准(元)", max_digits=12, decimal_places=2)
    grade = models.CharField("复核后类别", max_length=10, choices=Grade.choices)
    outcome = models.CharField("结论", max_length=10, choices=ReviewOutcome.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    reviewed_by = models.ForeignKey("accounts.User", verbose_name="复核人", on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField("复核日期")

    class Meta:
        verbose_name = "年度复核"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["hardship_file", "year"], name="one_review_per_file_year")]


class ProgrammeKind(models.TextChoices):
    WARMTH_VISIT = "warmth_visit", "春节送温暖"
    EDUCATION_GRANT = "education_grant", "金秋助学"
    SERIOUS_ILLNESS = "serious_illness_relief", "特种重病救助"
    SUMMER_COOLING = "summer_cooling", "夏送清凉"
    JOB_PLACEMENT = "job_placement", "春送岗位"
    ARCHIVED_HELP = "archived_help", "建档困难职工补助"
    MODEL_WORKER_HELP = "model_worker_help", "困难劳模帮扶"
    TICKETS_HOME = "tickets_home", "农民工返乡车票"


# Programmes whose every grant goes to an archived household.
ARCHIVE_ONLY = (ProgrammeKind.ARCHIVED_HELP, ProgrammeKind.MODEL_WORKER_HELP, ProgrammeKind.EDUCATION_GRANT)


class Programme(models.Model):
    """A relief campaign (帮扶活动): a kind, a year, its rules and budget, run by one node."""

    code = models.CharField("活动编号", max_length=30, unique=True)
    name = models.CharField("活动名称", max_length=100)
    kind = models.CharField("类型", max_length=30, choices=ProgrammeKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    org = models.ForeignKey("orgs.Org", verbose_name="主办单位", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    budget = models.DecimalField("预算(元)", max_digits=12, decimal_places=2)
    cap_per_person = models.DecimalField("每人补助上限(元)", max_digits=12, decimal_places=2)
    rules = models.TextField("活动规则", blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name="创建人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "帮扶活动"
        ordering = ["-year", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="programme_ends_after_start"),
            models.CheckConstraint(condition=Q(budget__gte=0, cap_per_person__gt=0), name="programme_money_positive"),
        ]

    def __str__(self):
        return self.name


class EducationRate(models.Model):
    """The education grant per child for a school level, set per year (金秋助学标准)."""

    year = models.PositiveSmallIntegerField("年度")
    school_level = models.CharField("学段", max_length=10, choices=[c for c in SchoolLevel.choices if c[0]])
    amount = models.DecimalField("每人补助(元)", max_digits=12, decimal_places=2)
    set_by = models.ForeignKey("accounts.User", verbose_name="设定人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "助学补助标准"
        ordering = ["-year", "school_level"]
        constraints = [
            models.UniqueConstraint(fields=["year", "school_level"], name="one_rate_per_year_level"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="rate_positive"),
        ]


class FundLevel(models.TextChoices):
    CITY = "city", "市级帮扶资金"
    TOWN = "town", "镇(街道)级帮扶资金"
    VILLAGE = "village", "村(社区)级帮扶资金"
    ENTERPRISE = "enterprise", "企业职工互助基金"


class Fund(models.Model):
    """A pot of help money. `balance` always equals the sum of its ledger and never goes below
    zero (a check constraint, and every write locks the row first)."""

    code = models.CharField("基金编号", max_length=30, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=12, choices=FundLevel.choices)
    org = models.ForeignKey("orgs.Org", verbose_name="管理单位", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    established_on = models.DateField("设立日期")
    balance = models.DecimalField("余额(元)", max_digits=14, decimal_places=2, default=0)
    created_by = models.ForeignKey("accounts.User", verbose_name="设立经办", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "帮扶资金"
        ordering = ["org__path", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="fund_never_below_zero"),
            models.CheckConstraint(condition=Q(level="enterprise", enterprise__isnull=False) | ~Q(level="enterprise"), name="enterprise_fund_has_enterprise"),
        ]

    def __str__(self):
        return self.name


class EntryKind(models.TextChoices):
    APPROPRIATION = "appropriation", "工会经费拨入"
    DONATION = "donation", "社会捐赠(资金)"
    GOODS_DONATION = "goods_donation", "社会捐赠(物资折价)"
    TRANSFER_IN = "transfer_in", "上级下拨"
    TRANSFER_OUT = "transfer_out", "下拨下级"
    GRANT = "grant", "帮扶支出"


INCOME_KINDS = (EntryKind.APPROPRIATION, EntryKind.DONATION, EntryKind.GOODS_DONATION, EntryKind.TRANSFER_IN)
RAISED_KINDS = (EntryKind.APPROPRIATION, EntryKind.DONATION, EntryKind.GOODS_DONATION)


class FundEntry(models.Model):
    """One line of a fund's ledger: income positive, spending negative."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField("类型", max_length=20, choices=EntryKind.choices)
    amount = models.DecimalField("金额(元)", max_digits=14, decimal_places=2)
    on = models.DateField("日期")
    programme = models.ForeignKey(Programme, verbose_name="专用于活动", null=True, blank=True, on_delete=models.PROTECT, related_name="fund_entries")
    grant = models.OneToOneField("Grant", null=True, blank=True, on_delete=models.PROTECT, related_name="fund_entry")
    counterpart = models.ForeignKey(Fund, verbose_name="对方基金", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField("来源/说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "资金收支"
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["kind", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=INCOME_KINDS, amount__gt=0, grant__isnull=True) | Q(kind__in=("transfer_out", "grant"), amount__lt=0),
                name="entry_sign_follows_kind",
            ),
            models.CheckConstraint(condition=~Q(kind="grant") | Q(grant__isnull=False), name="grant_entry_has_grant"),
        ]


class GrantStatus(models.TextChoices):
    PROPOSED = "proposed", "待审批"
    APPROVED = "approved", "已审批待发放"
    PAID = "paid", "已发放"
    REJECTED = "rejected", "未批准"


# A grant in one of these has taken money from its fund: one per person per programme.
COMMITTED_STATUSES = (GrantStatus.APPROVED, GrantStatus.PAID)


class PayMethod(models.TextChoices):
    CARD = "card", "代发至服务卡账户"
    CASH = "cash", "现金"
    GOODS = "goods", "物资"


class Grant(models.Model):
    """Help to one person (or, for an education grant, one child) in one programme."""

    programme = models.ForeignKey(Programme, verbose_name="帮扶活动", on_delete=models.PROTECT, related_name="grants")
    member = models.ForeignKey("members.Member", verbose_name="受助职工", on_delete=models.PROTECT, related_name="assistance_grants")
    org = models.ForeignKey("orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+")
    hardship_file = models.ForeignKey(HardshipFile, verbose_name="困难档案", null=True, blank=True, on_delete=models.PROTECT, related_name="grants")
    child = models.ForeignKey(FamilyMember, verbose_name="受助子女", null=True, blank=True, on_delete=models.PROTECT, related_name="grants")
    # Who is helped: "m<member id>" or "c<child id>"; one payment each per programme (and so per year).
    beneficiary = models.CharField(max_length=20)
    fund = models.ForeignKey(Fund, verbose_name="支出基金", on_delete=models.PROTECT, related_name="grants")
    amount = models.DecimalField("金额(元)", max_digits=12, decimal_places=2)
    method = models.CharField("发放方式", max_length=10, choices=PayMethod.choices)
    goods = models.CharField("物资内容", max_length=200, blank=True)
    reason = models.CharField("帮扶事由", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=GrantStatus.choices, default=GrantStatus.PROPOSED)
    proposed_by = models.ForeignKey("accounts.User", verbose_name="申报经办", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField("申报时间", auto_now_add=True)
    decided_by = models.ForeignKey("accounts.User", verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    reject_reason = models.CharField("未批准原因", max_length=200, blank=True)
    paid_on = models.DateField("发放日期", null=True, blank=True)
    paid_by = models.ForeignKey("accounts.User", verbose_name="发放经办", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    payout_card = models.CharField("代发卡号", max_length=16, blank=True)
    payout_bank = models.CharField("代发开户行", max_length=60, blank=True)
    payout_account = SealedField("代发账号", kind="bank_account", blank=True)
    receipt_number = models.CharField("签收单号", max_length=40, blank=True)
    receipt_signed_by = models.CharField("签收人", max_length=40, blank=True)

    class Meta:
        verbose_name = "帮扶发放"
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["status", "paid_on"])]
        constraints = [
            models.UniqueConstraint(fields=["programme", "beneficiary"], condition=Q(status__in=COMMITTED_STATUSES), name="one_payment_per_person_programme"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(paid_on__isnull=False), name="paid_grant_has_date"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(method="card") & ~Q(payout_card="") | Q(method__in=("cash", "goods")) & ~Q(receipt_signed_by=""),
                name="paid_grant_has_account_or_receipt",
            ),
            models.CheckConstraint(condition=~Q(decided_by=F("proposed_by")), name="grant_not_approved_by_proposer"),
        ]

    def __str__(self):
        return f"{self.programme.name} · {self.member.name}"


class TicketWay(models.TextChoices):
    BOOKED = "booked", "工会代订火车票"
    ENTERPRISE = "enterprise", "企业工会代买车票"


class TicketBooking(models.Model):
    """Tickets home bought for migrant workers, counted by the batch (people, not grants):
    booked by a union, or bought by an enterprise union for its workers."""

    programme = models.ForeignKey(Programme, verbose_name="帮扶活动", on_delete=models.PROTECT, related_name="ticket_bookings")
    org = models.ForeignKey("orgs.Org", verbose_name="经办工会", on_delete=models.PROTECT, related_name="+")
    way = models.CharField("方式", max_length=12, choices=TicketWay.choices)
    workers = models.PositiveIntegerField("人数")
    on = models.DateField("日期")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "车票代购"
        ordering = ["-on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(workers__gt=0), name="booking_has_workers")]


class JobPlacement(models.Model):
    """Jobs an employer offered at a spring job fair, and how many were taken."""

    programme = models.ForeignKey(Programme, verbose_name="帮扶活动", on_delete=models.PROTECT, related_name="job_placements")
    org = models.ForeignKey("orgs.Org", verbose_name="经办工会", on_delete=models.PROTECT, related_name="+")
    employer = models.CharField("用工单位", max_length=120)
    jobs_offered = models.PositiveIntegerField("提供岗位")
    jobs_taken = models.PositiveIntegerField("达成就业")
    on = models.DateField("日期")
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "春送岗位"
        ordering = ["-on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(jobs_taken__lte=F("jobs_offered")), name="taken_not_above_offered")]

"""The tables of 医疗互助 (the medical mutual-aid scheme).

A scheme year (SchemeYear) holds its rules in versions (RuleVersion): once a claim was
decided under a version, a change of the rules makes a new one, so each decided claim keeps
the rules it was judged under. A unit (a union, 参保单位) enrols for a year (UnitEnrolment)
with its workers (WorkerEnrolment, members found by ID number), pays (ContributionPayment),
and its workers may then claim (Claim) under the plans of the year.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gonghui.core.sealing import SealedField


class Plan(models.TextChoices):
    SERIOUS_DISEASE = "serious_disease", "特种重病"
    HOSPITAL = "hospital", "住院医疗"
    WOMEN_HEALTH = "women_health", "女职工安康"


# The plans that pay a fixed grant per listed disease.
GRANT_PLANS = (Plan.SERIOUS_DISEASE, Plan.WOMEN_HEALTH)


class HospitalLevel(models.TextChoices):
    LEVEL1 = "1", "一级医院"
    LEVEL2 = "2", "二级医院"
    LEVEL3 = "3", "三级医院"


class SchemeYear(models.Model):
    """One year of the scheme, set by the federation for the whole city."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    starts_on = models.DateField("保障期起")
    ends_on = models.DateField("保障期止")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "互助保障年度"
        ordering = ["-year"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="mutualaid_year_ends_after_start")]

    def __str__(self):
        return f"{self.year}年度"

    @property
    def current_rules(self) -> "RuleVersion":
        return self.rule_versions.order_by("-number").first()


class RuleVersion(models.Model):
    """The benefit rules of a scheme year, as one numbered version."""

    scheme_year = models.ForeignKey(SchemeYear, on_delete=models.PROTECT, related_name="rule_versions")
    number = models.PositiveSmallIntegerField("版本")
    contribution = models.DecimalField("每人缴费(元/年)", max_digits=12, decimal_places=2)
    waiting_days = models.PositiveSmallIntegerField("新参保等待期(天)")
    overall_cap = models.DecimalField("各项合计年度封顶(元/人)", max_digits=12, decimal_places=2)
    serious_cap = models.DecimalField("特种重病年度封顶(元/人)", max_digits=12, decimal_places=2)
    hospital_deductible = models.DecimalField("住院起付线(元)", max_digits=12, decimal_places=2)
    hospital_cap = models.DecimalField("住院年度封顶(元/人)", max_digits=12, decimal_places=2)
    women_cap = models.DecimalField("女职工安康年度封顶(元/人)", max_digits=12, decimal_places=2)
    note = models.CharField("调整说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    created_at = models.DateTimeField("设定时间", auto_now_add=True)

    class Meta:
        verbose_name = "保障规则版本"
        ordering = ["scheme_year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["scheme_year", "number"], name="mutualaid_one_number_per_version"),
            models.CheckConstraint(
                condition=Q(contribution__gt=0, overall_cap__gt=0, serious_cap__gte=0, hospital_cap__gte=0, women_cap__gte=0, hospital_deductible__gte=0),
                name="mutualaid_rules_amounts_sane",
            ),
        ]

    def __str__(self):
        return f"{self.scheme_year.year}年度规则第{self.number}版"

    def cap_of(self, plan: str):
        return {Plan.SERIOUS_DISEASE: self.serious_cap, Plan.HOSPITAL: self.hospital_cap, Plan.WOMEN_HEALTH: self.women_cap}[plan]


class ListedDisease(models.Model):
    """A disease listed for a grant plan, with its fixed grant."""

    rules = models.ForeignKey(RuleVersion, on_delete=models.CASCADE, related_name="diseases")
    plan = models.CharField("保障项目", max_length=20, choices=[(p.value, p.label) for p in GRANT_PLANS])
    name = models.CharField("病种", max_length=60)
    grant = models.DecimalField("定额补助(元)", max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["plan", "-grant", "name"]
        constraints = [
            models.UniqueConstraint(fields=["rules", "plan", "name"], name="mutualaid_disease_once_per_plan"),
            models.CheckConstraint(condition=Q(grant__gt=0), name="mutualaid_grant_positive"),
        ]


class HospitalBand(models.Model):
    """A band of hospital costs and its reimbursement ratio: costs above the deductible up to
    `upper` (no upper: all the rest). Bands of one hospital level replace the bands for all
    levels (hospital_level "") for a stay at a hospital of that level."""

    rules = models.ForeignKey(RuleVersion, on_delete=models.CASCADE, related_name="bands")
    hospital_level = models.CharField("医院等级", max_length=1, choices=HospitalLevel.choices, blank=True)
    upper = models.DecimalField("费用上限(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    ratio = models.DecimalField("报销比例", max_digits=4, decimal_places=3)

    class Meta:
        ordering = ["hospital_level", F("upper").asc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(condition=Q(ratio__gt=0, ratio__lte=1), name="mutualaid_ratio_in_range"),
            models.UniqueConstraint(fields=["rules", "hospital_level", "upper"], name="mutualaid_band_once"),
        ]


class UnitEnrolment(models.Model):
    """A unit (参保单位, a union with its workplace) enrolled for a scheme year."""

    scheme_year = models.ForeignKey(SchemeYear, on_delete=models.PROTECT, related_name="units", verbose_name="年度")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="参保单位")
    enrolled_on = models.DateField("参保日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "参保单位"
        ordering = ["-scheme_year__year", "org__code"]
        constraints = [models.UniqueConstraint(fields=["scheme_year", "org"], name="mutualaid_unit_once_per_year")]

    def __str__(self):
        return f"{self.org.name}({self.scheme_year.year}年度)"


class ContributionPayment(models.Model):
    """A unit's payment of the contributions of its workers not paid for yet."""

    unit = models.ForeignKey(UnitEnrolment, on_delete=models.PROTECT, related_name="payments")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")  # the unit's, for scope
    workers = models.PositiveIntegerField("人数")
    amount = models.DecimalField("金额(元)", max_digits=12, decimal_places=2)
    paid_on = models.DateField("缴费日期")
    receipt_number = models.CharField("收据号", max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0, workers__gt=0), name="mutualaid_payment_positive")]


class WorkerEnrolment(models.Model):
    """A worker (a member) enrolled for a year through a unit. Covered from `covered_from`
    (the year's first day for the list handed in before the year began; after the waiting
    period for a joiner) until the year ends or the day they left."""

    unit = models.ForeignKey(UnitEnrolment, on_delete=models.PROTECT, related_name="workers")
    scheme_year = models.ForeignKey(SchemeYear, on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")  # the unit's, for scope
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="mutualaid_enrolments", verbose_name="职工")
    enrolled_on = models.DateField("参保日期")
    covered_from = models.DateField("保障起始日")
    left_on = models.DateField("退保日期", null=True, blank=True)
    payment = models.ForeignKey(ContributionPayment, on_delete=models.PROTECT, related_name="enrolments", null=True, blank=True)
    contribution = models.DecimalField("缴费(元)", max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "参保职工"
        ordering = ["unit", "id"]
        indexes = [models.Index(fields=["scheme_year", "org"])]
        constraints = [
            models.UniqueConstraint(fields=["member", "scheme_year"], name="mutualaid_worker_once_per_year"),
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=F("enrolled_on")), name="mutualaid_leaves_after_enrolling"),
            models.CheckConstraint(condition=Q(payment__isnull=True) | Q(contribution__isnull=False), name="mutualaid_paid_has_contribution"),
        ]

    def __str__(self):
        return f"{self.member.name}({self.scheme_year.year}年度)"

    @property
    def certificate_number(self) -> str:
        return f"HZ{self.scheme_year.year}{self.pk:08d}"

    @property
    def paid(self) -> bool:
        return self.payment_id is not None


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已核准"
    REFUSED = "refused", "不予支付"
    PAID = "paid", "已支付"


DECIDED = (ClaimStatus.APPROVED, ClaimStatus.PAID)


class Claim(models.Model):
    """A claim of an enrolled worker under one plan: adjudicated by the rules of the year,
    its working kept line by line; approved or refused by a reviewer; paid."""

    enrolment = models.ForeignKey(WorkerEnrolment, on_delete=models.PROTECT, related_name="claims")
    scheme_year = models.ForeignKey(SchemeYear, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+", verbose_name="职工")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="参保单位")
    plan = models.CharField("保障项目", max_length=20, choices=Plan.choices)
    diagnosis = SealedField("诊断", kind="diagnosis")
    hospital = models.CharField("医院", max_length=80)
    hospital_level = models.CharField("医院等级", max_length=1, choices=HospitalLevel.choices)
    started_on = models.DateField("入院/确诊日期")
    ended_on = models.DateField("出院日期", null=True, blank=True)
    total_expense = models.DecimalField("医疗费用合计(元)", max_digits=12, decimal_places=2)
    status = models.CharField("状态", max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    rules = models.ForeignKey(RuleVersion, on_delete=models.PROTECT, related_name="claims", verbose_name="适用规则")
    computed_amount = models.DecimalField("核算金额(元)", max_digits=12, decimal_places=2)
    working = models.JSONField("核算过程", default=list)
    approved_amount = models.DecimalField("核准金额(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    submitted_at = models.DateTimeField("受理时间")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name="审核人")
    decided_on = models.DateField("审核日期", null=True, blank=True)
    decision_reason = models.CharField("审核意见", max_length=200, blank=True)
    payout_bank = models.CharField("代发开户行", max_length=60, blank=True)
    payout_account = SealedField("代发账号", kind="bank_account")
    paid_on = models.DateField("支付日期", null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        verbose_name = "互助保障申请"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["member", "scheme_year", "plan"]), models.Index(fields=["status", "decided_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="mutualaid_claim_ends_after_start"),
            models.CheckConstraint(condition=Q(total_expense__gte=0, computed_amount__gte=0), name="mutualaid_claim_amounts_positive"),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "paid"]) | Q(approved_amount__gt=0, decided_on__isnull=False), name="mutualaid_decided_has_amount"
            ),
            models.CheckConstraint(condition=~Q(status="refused") | ~Q(decision_reason=""), name="mutualaid_refusal_has_reason"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(paid_on__isnull=False), name="mutualaid_paid_has_date"),
        ]

    def __str__(self):
        return f"{self.number} {self.member.name}"

    @property
    def number(self) -> str:
        return f"MA{self.scheme_year.year}-{self.pk:06d}"


class ClaimExpense(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    item = models.CharField("费用项目", max_length=60)
    amount = models.DecimalField("金额(元)", max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="mutualaid_expense_positive")]


class ClaimDocument(models.Model):
    """A document of a claim (discharge summary, invoices), stored under VAR_DIR, never served
    as a static file: downloaded through the claim's scoped page."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    original_name = models.CharField("文件名", max_length=200)
    stored_path = models.CharField(max_length=255, editable=False)  # relative to VAR_DIR/mutualaid
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

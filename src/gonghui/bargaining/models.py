"""The tables of 协商与民主管理: collective contracts and wage agreements with the enterprises
they cover, bargaining instructors, workers' congresses and affairs disclosure, and the
building of unions (star ratings, the two displays, model homes, reviews, chair elections).

Every record hangs on an org node (`org`), the union that keeps it, so that scope is one
range test on `org__path`."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gonghui.orgs.models import Enterprise, Org


class AgreementKind(models.TextChoices):
    CONTRACT = "contract", "综合性集体合同"
    WAGE = "wage", "工资专项集体协议"


class Coverage(models.TextChoices):
    SINGLE = "single", "单个企业"
    REGIONAL = "regional", "区域性"
    INDUSTRY = "industry", "行业性"


class Agreement(models.Model):
    """A signed collective contract or wage agreement. `org` is the union party: the
    enterprise's own union for a single-enterprise agreement, a town federation or a level-3
    union for a regional or industry one. The enterprises it covers are rows of
    AgreementEnterprise (a single-enterprise agreement has exactly its own one)."""

    number = models.CharField("协议编号", max_length=40, unique=True)
    kind = models.CharField("协议类型", max_length=10, choices=AgreementKind.choices, default=AgreementKind.WAGE)
    coverage = models.CharField("覆盖范围", max_length=10, choices=Coverage.choices)
    org = models.ForeignKey(Org, verbose_name="工会方(签约工会)", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(Enterprise, verbose_name="企业(单个企业协议)", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    employer_party = models.CharField("企业方", max_length=120)
    signed_on = models.DateField("签订日期")
    expires_on = models.DateField("到期日期")
    workers_covered = models.PositiveIntegerField("惠及职工人数", default=0)
    wage_increase = models.DecimalField("工资增长幅度(%)", max_digits=5, decimal_places=2, null=True, blank=True)
    lowest_wage = models.DecimalField("最低工资(元/月)", max_digits=12, decimal_places=2, null=True, blank=True)
    filed_on = models.DateField("劳动保障部门备案日期", null=True, blank=True)
    filing_number = models.CharField("备案编号", max_length=40, blank=True)
    renews = models.ForeignKey("self", verbose_name="续签自", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "集体合同(工资协议)"
        verbose_name_plural = "集体合同(工资协议)"
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_on__gt=F("signed_on")), name="agreement_expires_after_signing"),
            models.CheckConstraint(condition=Q(coverage="single", enterprise__isnull=False) | ~Q(coverage="single"), name="single_agreement_has_enterprise"),
            models.CheckConstraint(condition=Q(filed_on__isnull=True) | Q(filed_on__gte=F("signed_on")), name="agreement_filed_after_signing"),
            models.CheckConstraint(condition=Q(wage_increase__isnull=True) | Q(wage_increase__gte=-100), name="agreement_wage_increase_range"),
            models.CheckConstraint(condition=Q(lowest_wage__isnull=True) | Q(lowest_wage__gte=0), name="agreement_lowest_wage_not_negative"),
        ]
        indexes = [models.Index(fields=["expires_on"]), models.Index(fields=["signed_on"])]

    def __str__(self):
        return f"{self.number} {self.employer_party}"

    @property
    def term_months(self) -> int:
        months = (self.expires_on.year - self.signed_on.year) * 12 + self.expires_on.month - self.signed_on.month
        return months + (1 if self.expires_on.day >= self.signed_on.day - 1 else 0)

    def in_force_on(self, day) -> bool:
        return self.signed_on <= day <= self.expires_on


class AgreementEnterprise(models.Model):
    """One enterprise covered by an agreement; an enterprise is listed once per agreement."""

    agreement = models.ForeignKey(Agreement, verbose_name="协议", on_delete=models.CASCADE, related_name="covered")
    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="+")
    workers = models.PositiveIntegerField("覆盖职工人数", default=0)

    class Meta:
        verbose_name = "协议覆盖企业"
        verbose_name_plural = "协议覆盖企业"
        constraints = [models.UniqueConstraint(fields=["agreement", "enterprise"], name="enterprise_once_per_agreement")]


# Bargaining instructors ------------------------------------------------------------------


class Instructor(models.Model):
    """A wage-bargaining instructor (工资集体协商指导员) on the register of a union."""

    org = models.ForeignKey(Org, verbose_name="登记工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("姓名", max_length=40)
    unit = models.CharField("工作单位", max_length=120, blank=True)
    position = models.CharField("职务", max_length=60, blank=True)
    registered_on = models.DateField("登记日期")
    left_on = models.DateField("退出日期", null=True, blank=True)

    class Meta:
        verbose_name = "工资集体协商指导员"
        verbose_name_plural = "工资集体协商指导员"
        ordering = ["-registered_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=F("registered_on")), name="instructor_leaves_after_registering")]

    def __str__(self):
        return self.name


class CertificateLevel(models.TextChoices):
    CITY = "city", "慈溪市"
    NINGBO = "ningbo", "宁波市"
    PROVINCE = "province", "浙江省"


class InstructorCertificate(models.Model):
    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="certificates")
    number = models.CharField("证书编号", max_length=40, unique=True)
    issuer = models.CharField("发证单位", max_length=80)
    level = models.CharField("证书级别", max_length=10, choices=CertificateLevel.choices)
    issued_on = models.DateField("发证日期")

    class Meta:
        verbose_name = "指导员资格证书"
        verbose_name_plural = "指导员资格证书"
        ordering = ["-issued_on"]


class TrainingClass(models.Model):
    org = models.ForeignKey(Org, verbose_name="主办工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("培训班名称", max_length=120)
    start_on = models.DateField("开班日期")
    end_on = models.DateField("结业日期")
    place = models.CharField("地点", max_length=120, blank=True)

    class Meta:
        verbose_name = "指导员培训班"
        verbose_name_plural = "指导员培训班"
        ordering = ["-start_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(end_on__gte=F("start_on")), name="training_class_ends_after_start")]

    def __str__(self):
        return self.name


class ClassAttendance(models.Model):
    training_class = models.ForeignKey(TrainingClass, verbose_name="培训班", on_delete=models.CASCADE, related_name="attendances")
    instructor = models.ForeignKey(Instructor, verbose_name="学员", on_delete=models.PROTECT, related_name="attendances")

    class Meta:
        verbose_name = "培训班学员"
        verbose_name_plural = "培训班学员"
        constraints = [models.UniqueConstraint(fields=["training_class", "instructor"], name="attendee_once_per_class")]


class InstructorGuidance(models.Model):
    """An enterprise an instructor guides in its bargaining."""

    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="guided")
    enterprise = models.ForeignKey(Enterprise, verbose_name="指导企业", on_delete=models.PROTECT, related_name="+")
    since = models.DateField("起始日期")

    class Meta:
        verbose_name = "指导企业"
        verbose_name_plural = "指导企业"
        constraints = [models.UniqueConstraint(fields=["instructor", "enterprise"], name="instructor_guides_enterprise_once")]


# Democratic management ---------------------------------------------------------------------


class WorkplaceDemocracy(models.Model):
    """The workers' congress and affairs disclosure of one workplace (enterprise or
    institution), kept on its own union (a level-4 node)."""

    org = models.OneToOneField(Org, verbose_name="基层工会", on_delete=models.PROTECT, related_name="+")
    congress_established_on = models.DateField("职代会建制日期", null=True, blank=True)
    disclosure_established_on = models.DateField("厂务公开建制日期", null=True, blank=True)
    sessions_per_year = models.PositiveSmallIntegerField("每年召开次数", default=1)

    class Meta:
        verbose_name = "职代会与厂务公开"
        verbose_name_plural = "职代会与厂务公开"
        constraints = [models.CheckConstraint(condition=Q(sessions_per_year__lte=12), name="congress_sessions_per_year_range")]


class CongressSession(models.Model):
    democracy = models.ForeignKey(WorkplaceDemocracy, verbose_name="单位", on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField("召开日期")
    representatives = models.PositiveIntegerField("出席代表人数", default=0)
    motions = models.PositiveIntegerField("提案数", default=0)

    class Meta:
        verbose_name = "职代会会议"
        verbose_name_plural = "职代会会议"
        ordering = ["-held_on"]


class RegionalCongress(models.Model):
    """A regional or industry workers' congress (区域性/行业性职代会) of a town or level-3 union."""

    org = models.ForeignKey(Org, verbose_name="建制工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=120)
    established_on = models.DateField("建制日期")
    representatives = models.PositiveIntegerField("职工代表人数", default=0)

    class Meta:
        verbose_name = "区域性(行业性)职代会"
        verbose_name_plural = "区域性(行业性)职代会"
        ordering = ["-established_on", "-id"]

    def __str__(self):
        return self.name


class RegionalCongressEnterprise(models.Model):
    congress = models.ForeignKey(RegionalCongress, verbose_name="区域性职代会", on_delete=models.CASCADE, related_name="covered")
    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["congress", "enterprise"], name="enterprise_once_per_regional_congress")]


class RepresentativeInspection(models.Model):
    """A tour of inspection by worker representatives (职工代表巡视)."""

    org = models.ForeignKey(Org, verbose_name="组织工会", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("巡视日期")
    representatives = models.PositiveIntegerField("参加代表人数")
    subject = models.CharField("巡视内容", max_length=200)
    findings = models.TextField("发现问题及整改", blank=True)

    class Meta:
        verbose_name = "职工代表巡视"
        verbose_name_plural = "职工代表巡视"
        ordering = ["-held_on", "-id"]


# Union building -------------------------------------------------------------------------------


class RatingYear(models.Model):
    """A year opened by the federation for star ratings; a rating needs its year open."""

    year = models.PositiveSmallIntegerField("评定年度", unique=True)
    opened_on = models.DateField("开放日期")
    is_open = models.BooleanField("开放中", default=True)

    class Meta:
        verbose_name = "星级评定年度"
        verbose_name_plural = "星级评定年度"
        ordering = ["-year"]


class StarRating(models.Model):
    org = models.ForeignKey(Org, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("评定年度")
    stars = models.PositiveSmallIntegerField("星级")
    rated_on = models.DateField("评定日期")

    class Meta:
        verbose_name = "规范化工会星级"
        verbose_name_plural = "规范化工会星级"
        ordering = ["-year", "-stars", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="one_star_rating_per_union_year"),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="star_rating_range"),
        ]


class TwoDisplays(models.Model):
    """双亮: the union's plaque shown (亮牌子) and the chair's identity shown (亮身份)."""

    org = models.OneToOneField(Org, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    plaque_on = models.DateField("亮牌子日期", null=True, blank=True)
    identity_on = models.DateField("亮身份日期", null=True, blank=True)

    class Meta:
        verbose_name = "双亮"
        verbose_name_plural = "双亮"


class ModelHome(models.Model):
    org = models.ForeignKey(Org, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("级别", max_length=10, choices=CertificateLevel.choices)
    awarded_on = models.DateField("命名日期")

    class Meta:
        verbose_name = "模范职工之家"
        verbose_name_plural = "模范职工之家"
        ordering = ["-awarded_on", "-id"]


class MemberReview(models.Model):
    org = models.ForeignKey(Org, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("评议日期")
    participants = models.PositiveIntegerField("参评会员人数")
    satisfied = models.PositiveIntegerField("满意人数")

    class Meta:
        verbose_name = "会员评议"
        verbose_name_plural = "会员评议"
        ordering = ["-held_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(satisfied__lte=F("participants")), name="review_satisfied_within_participants")]


class ChairElection(models.Model):
    org = models.ForeignKey(Org, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    elected_on = models.DateField("选举日期")
    chair_name = models.CharField("当选主席", max_length=40)
    voters = models.PositiveIntegerField("应到会员人数")
    votes_for = models.PositiveIntegerField("得票数")

    class Meta:
        verbose_name = "工会主席直选"
        verbose_name_plural = "工会主席直选"
        ordering = ["-elected_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(votes_for__lte=F("voters")), name="election_votes_within_voters")]

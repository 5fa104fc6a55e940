"""Labour protection (劳动保护): supervision inspectors by level, Ankang Cup honours, and
enterprises under classified safety management with the class each is in, by year. `org`
is where a record is filed for scope (the inspector's union, the enterprise's union, the
honoured union)."""

from django.db import models
from django.db.models import Q


class InspectorLevel(models.TextChoices):
    PROVINCIAL = "provincial", "省级"
    NINGBO = "ningbo", "宁波市级"
    CITY = "city", "市级"


class SafetyInspector(models.Model):
    """An appointment as labour-protection supervision inspector (劳动保护监督检查员)."""

    member = models.ForeignKey("members.Member", verbose_name="检查员", on_delete=models.PROTECT, related_name="safety_appointments")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("级别", max_length=12, choices=InspectorLevel.choices)
    appointed_on = models.DateField("聘任日期")
    certificate_number = models.CharField("证书编号", max_length=40, blank=True)
    ended_on = models.DateField("解聘日期", null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "劳动保护监督检查员"
        verbose_name_plural = "劳动保护监督检查员"
        ordering = ["level", "-appointed_on"]
        constraints = [
            models.UniqueConstraint(fields=["member", "level"], condition=Q(ended_on__isnull=True), name="one_open_appointment_per_level"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("appointed_on")), name="inspector_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.get_level_display()}监督检查员 {self.member.name}"


class AnkangLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省级"
    NINGBO = "ningbo", "宁波市级"


class AnkangKind(models.TextChoices):
    ENTERPRISE = "enterprise", "优胜(先进)企业"
    TEAM = "team", "先进班组"
    ORGANISER = "organiser", "优秀组织单位"
    INDIVIDUAL = "individual", "先进个人"


class AnkangHonour(models.Model):
    """An Ankang Cup (安康杯) honour: to an enterprise, a team of a union, an organising union,
    or a person."""

    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("级别", max_length=12, choices=AnkangLevel.choices)
    kind = models.CharField("类别", max_length=12, choices=AnkangKind.choices)
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", verbose_name="个人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient_union = models.ForeignKey("orgs.Org", verbose_name="组织单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team_name = models.CharField("班组名称", max_length=80, blank=True)
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    awarded_on = models.DateField("授予日期")
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "安康杯荣誉"
        verbose_name_plural = "安康杯荣誉"
        ordering = ["-year", "level", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="enterprise", enterprise__isnull=False, member__isnull=True, recipient_union__isnull=True, team_name="")
                    | Q(kind="individual", enterprise__isnull=True, member__isnull=False, recipient_union__isnull=True, team_name="")
                    | Q(kind="organiser", enterprise__isnull=True, member__isnull=True, recipient_union__isnull=False, team_name="")
                    | Q(kind="team", enterprise__isnull=True, member__isnull=True, recipient_union__isnull=True) & ~Q(team_name="")
                ),
                name="ankang_one_recipient",
            ),
            models.UniqueConstraint(fields=["year", "level", "kind", "enterprise"], condition=Q(enterprise__isnull=False), name="ankang_once_per_enterprise"),
            models.UniqueConstraint(fields=["year", "level", "kind", "member"], condition=Q(member__isnull=False), name="ankang_once_per_person"),
            models.UniqueConstraint(fields=["year", "level", "kind", "recipient_union"], condition=Q(recipient_union__isnull=False),
                                    name="ankang_once_per_union"),
            models.UniqueConstraint(fields=["year", "level", "kind", "org", "team_name"], condition=Q(kind="team"), name="ankang_once_per_team"),
        ]

    @property
    def recipient_name(self) -> str:
        if self.kind == AnkangKind.ENTERPRISE:
            return self.enterprise.name
        if self.kind == AnkangKind.INDIVIDUAL:
            return self.member.name
        if self.kind == AnkangKind.ORGANISER:
            return self.recipient_union.name
        return f"{self.org.name}{self.team_name}"


class SafetyClass(models.TextChoices):
    A = "A", "A类(管理规范)"
    B = "B", "B类(基本规范)"
    C = "C", "C类(重点监管)"


class ClassifiedManagement(models.Model):
    """An enterprise under classified labour-protection management (劳动保护分类管理) in a
    year, and the class it was put in."""

    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="safety_classes")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    safety_class = models.CharField("分类", max_length=1, choices=SafetyClass.choices)
    assessed_on = models.DateField("评定日期")
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "劳动保护分类管理"
        verbose_name_plural = "劳动保护分类管理"
        ordering = ["-year", "safety_class"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="one_safety_class_per_year")]

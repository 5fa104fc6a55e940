"""Honours of every level, model workers and the model workers' association.

One table holds any honour (劳动模范, 五一劳动奖章, 工人先锋号, 首席工人, …) of any level given to a
person (a member) or a collective (a union, an enterprise, or a team named within a union).
`org` is where the honour is filed for scope: the member's union, the union itself, the
enterprise's union, or the union the team belongs to.
"""

from django.db import models
from django.db.models import Q


class HonourKind(models.TextChoices):
    MODEL_WORKER = "model_worker", "劳动模范"
    MODEL_COLLECTIVE = "model_collective", "模范集体"
    MAY_DAY_MEDAL = "may_day_medal", "五一劳动奖章"
    MAY_DAY_AWARD = "may_day_award", "五一劳动奖"
    PIONEER_TEAM = "pioneer_team", "工人先锋号"
    CHIEF_WORKER = "chief_worker", "首席工人"
    TECHNICAL_EXPERT = "technical_expert", "技术能手"
    OUTSTANDING_WORKER = "outstanding_worker", "杰出职工"
    MODEL_HOME = "model_home", "模范职工之家"
    TECH_WEEK_FIRST_PRIZE = "tech_week_first_prize", "职工科技周个人一等奖"
    TECH_WEEK_COLLECTIVE = "tech_week_collective", "职工科技周集体荣誉"


# Who may receive each kind: a person, or a collective (union, enterprise, team).
PERSON_KINDS = frozenset({HonourKind.MODEL_WORKER, HonourKind.MAY_DAY_MEDAL, HonourKind.CHIEF_WORKER, HonourKind.TECHNICAL_EXPERT,
                          HonourKind.OUTSTANDING_WORKER, HonourKind.TECH_WEEK_FIRST_PRIZE})
COLLECTIVE_KINDS = frozenset({HonourKind.MODEL_COLLECTIVE, HonourKind.PIONEER_TEAM, HonourKind.MODEL_HOME, HonourKind.TECH_WEEK_COLLECTIVE})
# 五一劳动奖 goes to people and to collectives (奖状) alike.


class HonourLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省级"
    NINGBO = "ningbo", "宁波市级"
    CITY = "city", "市级"
    TOWN = "town", "镇(街道)级"


class RecipientKind(models.TextChoices):
    PERSON = "person", "个人"
    UNION = "union", "工会"
    ENTERPRISE = "enterprise", "企业"
    TEAM = "team", "班组(团队)"


class HonourStatus(models.TextChoices):
    PROPOSED = "proposed", "待审核"
    AWARDED = "awarded", "已授予"
    REJECTED = "rejected", "未通过"


class Honour(models.Model):
    """One honour given to one recipient. Honours the federation confers itself (level 市级)
    start as a clerk's proposal and are awarded when a reviewer approves; honours of other
    bodies are recorded as awarded."""

    kind = models.CharField("荣誉类别", max_length=30, choices=HonourKind.choices)
    level = models.CharField("级别", max_length=12, choices=HonourLevel.choices)
    year = models.PositiveSmallIntegerField("年度")
    awarded_on = models.DateField("授予日期")
    awarded_by = models.CharField("授予机关", max_length=80)
    recipient_kind = models.CharField("获得者类型", max_length=12, choices=RecipientKind.choices)
    member = models.ForeignKey("members.Member", verbose_name="获得者(个人)", null=True, blank=True, on_delete=models.PROTECT, related_name="honours")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="获得者(企业)", null=True, blank=True, on_delete=models.PROTECT, related_name="honours")
    recipient_union = models.ForeignKey("orgs.Org", verbose_name="获得者(工会)", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team_name = models.CharField("班组(团队)名称", max_length=80, blank=True)
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="honours")
    recommended_by = models.ForeignKey("orgs.Org", verbose_name="推荐单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    certificate_number = models.CharField("证书编号", max_length=40, blank=True)
    citation = models.CharField("事迹摘要", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=HonourStatus.choices, default=HonourStatus.AWARDED)
    proposed_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField("录入时间", auto_now_add=True)
    decided_by = models.ForeignKey("accounts.User", verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.CharField("审核意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "荣誉"
        verbose_name_plural = "荣誉"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["year", "kind", "level", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(recipient_kind="person", member__isnull=False, enterprise__isnull=True, recipient_union__isnull=True, team_name="")
                    | Q(recipient_kind="enterprise", member__isnull=True, enterprise__isnull=False, recipient_union__isnull=True, team_name="")
                    | Q(recipient_kind="union", member__isnull=True, enterprise__isnull=True, recipient_union__isnull=False, team_name="")
                    | Q(recipient_kind="team", member__isnull=True, enterprise__isnull=True, recipient_union__isnull=True) & ~Q(team_name="")
                ),
                name="honour_one_recipient",
            ),
            models.UniqueConstraint(fields=["certificate_number"], condition=~Q(certificate_number=""), name="honour_certificate_unique"),
            models.CheckConstraint(condition=Q(year__gte=1950, year__lte=2100), name="honour_year_range"),
            # The same honour twice to the same recipient (a rejected proposal does not count).
            models.UniqueConstraint(fields=["kind", "level", "year", "member"], condition=Q(member__isnull=False) & ~Q(status="rejected"),
                                    name="honour_once_per_person"),
            models.UniqueConstraint(fields=["kind", "level", "year", "enterprise"], condition=Q(enterprise__isnull=False) & ~Q(status="rejected"),
                                    name="honour_once_per_enterprise"),
            models.UniqueConstraint(fields=["kind", "level", "year", "recipient_union"],
                                    condition=Q(recipient_union__isnull=False) & ~Q(status="rejected"), name="honour_once_per_union"),
            models.UniqueConstraint(fields=["kind", "level", "year", "org", "team_name"], condition=Q(recipient_kind="team") & ~Q(status="rejected"),
                                    name="honour_once_per_team"),
        ]

    def __str__(self):
        return f"{self.year}年{self.get_level_display()}{self.get_kind_display()} {self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        if self.recipient_kind == RecipientKind.PERSON:
            return self.member.name
        if self.recipient_kind == RecipientKind.ENTERPRISE:
            return self.enterprise.name
        if self.recipient_kind == RecipientKind.UNION:
            return self.recipient_union.name
        return f"{self.org.name}{self.team_name}"


class AssociationBranch(models.Model):
    """A branch of the model workers' association (劳模联谊会分会)."""

    name = models.CharField("分会名称", max_length=80, unique=True)
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    founded_on = models.DateField("成立日期")
    contact_name = models.CharField("联系人", max_length=40, blank=True)

    class Meta:
        verbose_name = "劳模联谊会分会"
        verbose_name_plural = "劳模联谊会分会"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ModelWorker(models.Model):
    """The file of a model worker (劳模档案): a member who holds a model-worker honour of any
    level, with the association branch they belong to. Opened when the first such honour is
    awarded."""

    member = models.OneToOneField("members.Member", verbose_name="会员", on_delete=models.PROTECT, related_name="model_worker")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(AssociationBranch, verbose_name="劳模联谊会分会", null=True, blank=True, on_delete=models.PROTECT, related_name="model_workers")
    opened_on = models.DateField("建档日期")

    class Meta:
        verbose_name = "劳模档案"
        verbose_name_plural = "劳模档案"
        ordering = ["-opened_on", "id"]

    def __str__(self):
        return self.member.name


class StudioLevel(models.TextChoices):
    CITY = "city", "市级"
    NINGBO = "ningbo", "宁波市级"
    PROVINCIAL = "provincial", "省级"


class ModelStudio(models.Model):
    """A model worker's innovation studio (劳模创新工作室), named by its level's body."""

    name = models.CharField("工作室名称", max_length=100, unique=True)
    leader = models.ForeignKey(ModelWorker, verbose_name="领衔劳模", on_delete=models.PROTECT, related_name="studios")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("级别", max_length=12, choices=StudioLevel.choices, default=StudioLevel.CITY)
    named_on = models.DateField("授牌日期")

    class Meta:
        verbose_name = "劳模创新工作室"
        verbose_name_plural = "劳模创新工作室"
        ordering = ["-named_on", "name"]

    def __str__(self):
        return self.name


class AdvancedMethod(models.Model):
    """An advanced working method named after a model worker (劳模岗位先进操作法)."""

    name = models.CharField("操作法名称", max_length=100, unique=True)
    model_worker = models.ForeignKey(ModelWorker, verbose_name="劳模", on_delete=models.PROTECT, related_name="methods")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    named_on = models.DateField("命名日期")

    class Meta:
        verbose_name = "劳模岗位先进操作法"
        verbose_name_plural = "劳模岗位先进操作法"
        ordering = ["-named_on", "name"]

    def __str__(self):
        return self.name


class TeamKind(models.TextChoices):
    VOLUNTEER = "volunteer", "劳模为民志愿服务队"
    MEDICAL = "medical", "劳模医疗服务队"


class VolunteerTeam(models.Model):
    """A model workers' volunteer or medical service team, with the model workers in it."""

    name = models.CharField("服务队名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=12, choices=TeamKind.choices)
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    founded_on = models.DateField("成立日期")
    model_workers = models.ManyToManyField(ModelWorker, verbose_name="劳模", blank=True, related_name="teams")

    class Meta:
        verbose_name = "劳模服务队"
        verbose_name_plural = "劳模服务队"
        ordering = ["-founded_on", "name"]

    def __str__(self):
        return self.name

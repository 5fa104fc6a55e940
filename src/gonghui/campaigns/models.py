"""The tables of 劳动竞赛与创新: contests (the skills games, the sports games, key-project
contests) with their events, units, entries and awards; and innovation: small innovations
and QC projects, in-house titles and grades, training bases."""

from django.db import models
from django.db.models import F, Q

from gonghui.core.sealing import BlindIndexField, SealedField


class ContestKind(models.TextChoices):
    SKILLS_GAMES = "skills_games", "职工技能运动会"
    SPORTS_GAMES = "sports_games", "职工运动会"
    PROJECT_CONTEST = "project_contest", "重点工程立功竞赛"
    OTHER = "other", "其他劳动竞赛"


class Contest(models.Model):
    """One contest, run by a union (`org`, whose subtree may see and manage it)."""

    org = models.ForeignKey("orgs.Org", verbose_name="主办工会", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("竞赛编号", max_length=20, unique=True, help_text="导入参赛名单和成绩时用来指明竞赛，如 JN2012")
    kind = models.CharField("类型", max_length=20, choices=ContestKind.choices)
    name = models.CharField("名称", max_length=120)
    organiser = models.CharField("主办单位", max_length=200)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    note = models.CharField("说明", max_length=500, blank=True)
    created_by = models.ForeignKey("accounts.User", verbose_name="经办人", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "劳动竞赛"
        verbose_name_plural = "劳动竞赛"
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="contest_ends_after_start")]

    def __str__(self):
        return self.name

    @property
    def year(self) -> int:
        return self.ends_on.year


class ContestEvent(models.Model):
    """比武项目; for the sports games an event (小项) of a sport (大项)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="events")
    sport = models.CharField("大项", max_length=40, blank=True)
    name = models.CharField("项目", max_length=60)

    class Meta:
        verbose_name = "比赛项目"
        ordering = ["sport", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "sport", "name"], name="event_unique_in_contest")]

    def __str__(self):
        return f"{self.sport}·{self.name}" if self.sport else self.name


class ContestUnit(models.Model):
    """A unit taking part (参赛单位), or for the sports games a team (代表队); `org` is the
    union it stands for, so that each town sees its own."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="units")
    org = models.ForeignKey("orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("单位/代表队", max_length=120)

    class Meta:
        verbose_name = "参赛单位"
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="unit_unique_in_contest")]

    def __str__(self):
        return self.name


class Stage(models.TextChoices):
    TRIALS = "trials", "岗位练兵和选拔"
    FINAL = "final", "决赛"


class Prize(models.TextChoices):
    FIRST = "first", "一等奖"
    SECOND = "second", "二等奖"
    THIRD = "third", "三等奖"
    MERIT = "merit", "优胜奖"


class Medal(models.TextChoices):
    GOLD = "gold", "金牌"
    SILVER = "silver", "银牌"
    BRONZE = "bronze", "铜牌"


class Title(models.TextChoices):
    TECHNICAL_EXPERT = "technical_expert", "技术能手"


class Certificate(models.TextChoices):
    SENIOR = "senior", "高级工资格证书"
    INTERMEDIATE = "intermediate", "中级工资格证书"
    TECHNICIAN = "technician", "技师资格证书"


class ContestEntry(models.Model):
    """One worker (athlete) in one event, with the furthest stage reached and, for a
    finalist, the result. Linked to the member registry when the ID number is found there."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    event = models.ForeignKey(ContestEvent, verbose_name="项目", on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(ContestUnit, verbose_name="单位/代表队", on_delete=models.CASCADE, related_name="entries")
    bib = models.CharField("参赛编号", max_length=20)
    name = models.CharField("姓名", max_length=40)
    id_number = SealedField("身份证号", kind="id_number")
    id_number_index = BlindIndexField(source="id_number")
    member = models.ForeignKey("members.Member", verbose_name="会员", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stage = models.CharField("阶段", max_length=10, choices=Stage.choices, default=Stage.TRIALS)
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)
    prize = models.CharField("奖项", max_length=10, choices=Prize.choices, blank=True)
    medal = models.CharField("奖牌", max_length=10, choices=Medal.choices, blank=True)
    title = models.CharField("授予称号", max_length=20, choices=Title.choices, blank=True)
    certificate = models.CharField("证书", max_length=20, choices=Certificate.choices, blank=True)
    certificate_issuer = models.CharField("发证机关", max_length=60, blank=True)

    class Meta:
        verbose_name = "参赛选手"
        indexes = [models.Index(fields=["contest", "stage"]), models.Index(fields=["id_number_index"])]
        constraints = [
            models.UniqueConstraint(fields=["contest", "bib"], name="entry_bib_unique"),
            models.UniqueConstraint(fields=["event", "id_number_index"], name="entry_once_per_event"),
            models.UniqueConstraint(fields=["event", "medal"], condition=~Q(medal=""), name="entry_medal_once_per_event"),
            models.CheckConstraint(
                condition=Q(stage="final") | Q(rank__isnull=True, prize="", medal="", title="", certificate=""),
                name="entry_result_only_in_final",
            ),
            models.CheckConstraint(condition=Q(rank__isnull=True) | Q(rank__gte=1), name="entry_rank_positive"),
            models.CheckConstraint(condition=Q(certificate="") | ~Q(certificate_issuer=""), name="entry_certificate_has_issuer"),
        ]

    def __str__(self):
        return f"{self.name}({self.bib})"


class UnitAwardKind(models.TextChoices):
    HOST = "host", "优秀承办单位"
    ORGANISER = "organiser", "优秀组织单位"


class UnitAward(models.Model):
    """A unit thanked for hosting or organising part of a contest."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="unit_awards")
    kind = models.CharField("奖项", max_length=10, choices=UnitAwardKind.choices)
    org = models.ForeignKey("orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField("单位", max_length=120)

    class Meta:
        verbose_name = "单位奖"
        ordering = ["kind", "unit_name"]
        constraints = [models.UniqueConstraint(fields=["contest", "kind", "unit_name"], name="unit_award_once")]

    def __str__(self):
        return f"{self.unit_name}({self.get_kind_display()})"


class InnovationKind(models.TextChoices):
    SMALL_INNOVATION = "small_innovation", "“五小”创新成果"
    QC_PROJECT = "qc_project", "QC技术攻关"


class AwardLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省级"
    NINGBO = "ningbo", "宁波市级"
    CITY = "city", "市级"
    TOWN = "town", "镇(街道)级"
    ENTERPRISE = "enterprise", "企业级"


class Innovation(models.Model):
    """A small innovation (五小) or QC project, with the benefit it created, in yuan."""

    org = models.ForeignKey("orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=20, choices=InnovationKind.choices)
    number = models.CharField("成果编号", max_length=30, blank=True, help_text="评审时编的号，Excel导入按此更新")
    title = models.CharField("成果名称", max_length=200)
    team = models.CharField("完成人/小组", max_length=120, blank=True)
    level = models.CharField("评定级别", max_length=12, choices=AwardLevel.choices)
    awarded_on = models.DateField("评定日期")
    benefit = models.DecimalField("经济效益(元)", max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = "创新成果"
        ordering = ["-awarded_on", "-id"]
        indexes = [models.Index(fields=["kind", "awarded_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(benefit__gte=0), name="innovation_benefit_not_negative"),
            models.UniqueConstraint(fields=["org", "kind", "title", "awarded_on"], name="innovation_once"),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="innovation_number_unique"),
        ]

    def __str__(self):
        return self.title


class InHouseAward(models.TextChoices):
    MODEL = "model", "市级示范单位"
    ADVANCED = "advanced", "市级先进单位"


class InHouseRating(models.Model):
    """内部技术职称、技能等级评聘 in one enterprise or one industry association in one year:
    how many technical and skilled workers it graded, and the city's award for the work."""

    org = models.ForeignKey("orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    association = models.CharField("行业协会", max_length=120, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    technical_count = models.PositiveIntegerField("评聘技术类职工数", default=0)
    skilled_count = models.PositiveIntegerField("评聘技能类职工数", default=0)
    city_award = models.CharField("市级表彰", max_length=10, choices=InHouseAward.choices, blank=True)

    class Meta:
        verbose_name = "内部技术职称评聘"
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(enterprise__isnull=False) & Q(association="")) | (Q(enterprise__isnull=True) & ~Q(association="")),
                name="inhouse_enterprise_or_association",
            ),
            models.UniqueConstraint(fields=["enterprise", "year"], condition=Q(enterprise__isnull=False), name="inhouse_enterprise_once_a_year"),
            models.UniqueConstraint(fields=["org", "association", "year"], condition=~Q(association=""), name="inhouse_association_once_a_year"),
        ]

    @property
    def unit_name(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.association


class TrainingBase(models.Model):
    """A skills training base (职工技能培训示范基地)."""

    org = models.ForeignKey("orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="依托企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("基地名称", max_length=120)
    level = models.CharField("级别", max_length=12, choices=AwardLevel.choices, default=AwardLevel.CITY)
    established_on = models.DateField("建立日期")
    closed_on = models.DateField("撤销日期", null=True, blank=True)

    class Meta:
        verbose_name = "职工技能培训基地"
        ordering = ["-established_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="training_base_name_unique"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("established_on")), name="training_base_closes_after_opening"),
        ]

    def __str__(self):
        return self.name


class TrainingYear(models.Model):
    """What one base did in one year: workers trained (人次) and skill certificates gained."""

    base = models.ForeignKey(TrainingBase, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField("年度")
    trained = models.PositiveIntegerField("培训职工(人次)", default=0)
    certificates = models.PositiveIntegerField("获技能等级证书(人)", default=0)

    class Meta:
        verbose_name = "培训情况"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["base", "year"], name="training_year_once"),
            models.CheckConstraint(condition=Q(certificates__lte=F("trained")), name="training_certificates_within_trained"),
        ]

"""The tables of 职工文化: culture delivered to workplaces (送文化), workers' libraries
(职工书屋), learning enterprises (学习型企业) and their assessments, the culture bodies
(the art troupe and others), and the recognitions culture units receive."""

from django.db import models
from django.db.models import Q


class DeliveryKind(models.TextChoices):
    PERFORMANCE = "performance", "文艺演出"
    FILM = "film", "电影"
    BOOKS = "books", "书籍"


# What one unit of `quantity` is, by kind.
QUANTITY_UNITS = {DeliveryKind.PERFORMANCE: "场", DeliveryKind.FILM: "场", DeliveryKind.BOOKS: "册"}


class Delivery(models.Model):
    """One delivery of culture to a place (送文化): a performance, film screenings or books,
    taken to an enterprise or a union. `org` is the union the place is filed under (the
    enterprise's union, or the union itself): scope follows it."""

    kind = models.CharField("类别", max_length=12, choices=DeliveryKind.choices)
    title = models.CharField("节目/影片/书目", max_length=120)
    org = models.ForeignKey("orgs.Org", verbose_name="受送工会", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="受送企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    delivered_on = models.DateField("日期")
    quantity = models.PositiveIntegerField("数量", help_text="演出、电影为场次，书籍为册数")
    audience = models.PositiveIntegerField("受惠职工(人次)", default=0)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "送文化记录"
        verbose_name_plural = "送文化记录"
        ordering = ["-delivered_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="delivery_quantity_positive"),
            models.CheckConstraint(condition=Q(audience__gte=0), name="delivery_audience_not_negative"),
            models.CheckConstraint(condition=Q(kind__in=DeliveryKind.values), name="delivery_kind_known"),
            # Two clicks on 保存 write one delivery (a union-level one, with no enterprise, is
            # checked by the service instead: NULLs never collide).
            models.UniqueConstraint(fields=["kind", "org", "enterprise", "delivered_on", "title"], name="delivery_once_per_place_day_and_title"),
        ]
        indexes = [models.Index(fields=["kind", "delivered_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.title}"

    @property
    def place_name(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.org.name

    @property
    def quantity_unit(self) -> str:
        return QUANTITY_UNITS.get(self.kind, "")


class RecognitionLevel(models.TextChoices):
    """From the highest down; the order is the rank."""

    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省级"
    NINGBO = "ningbo", "宁波市级"
    CITY = "city", "市级"
    TOWN = "town", "镇级"


LEVEL_RANK = {level: rank for rank, level in enumerate(RecognitionLevel.values)}


class WorkersLibrary(models.Model):
    """A workers' library (职工书屋) in an enterprise or at a union; `level` is the highest
    recognition it has received (kept by the recognition service)."""

    name = models.CharField("书屋名称", max_length=120)
    org = models.ForeignKey("orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="所在企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField("建成日期")
    books_held = models.PositiveIntegerField("藏书(册)", default=0)
    area_m2 = models.PositiveIntegerField("面积(平方米)", default=0)
    level = models.CharField("认定级别", max_length=12, choices=RecognitionLevel.choices, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "职工书屋"
        verbose_name_plural = "职工书屋"
        ordering = ["-opened_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="library_name_unique_per_union")]

    def __str__(self):
        return self.name


class LearningEnterprise(models.Model):
    """An enterprise taking part in the learning-enterprise drive (创建学习型企业)."""

    enterprise = models.OneToOneField("orgs.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("开始创建日期")
    plan = models.CharField("学习培训计划", max_length=300, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "学习型企业"
        verbose_name_plural = "学习型企业"
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return self.enterprise.name


class AssessmentLevel(models.TextChoices):
    NINGBO_MODEL = "ningbo_model", "宁波市学习型示范单位"
    NINGBO_CREATION = "ningbo_creation", "宁波市学习型企业创建单位"
    CITY_MODEL = "city_model", "市级学习型企业示范单位"
    CITY_STANDARD = "city_standard", "市级学习型企业达标单位"


class LearningAssessment(models.Model):
    """One year's assessment of a learning enterprise, at one level."""

    learning_enterprise = models.ForeignKey(LearningEnterprise, verbose_name="学习型企业", on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("评定级别", max_length=20, choices=AssessmentLevel.choices)
    assessed_on = models.DateField("评定日期")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    awarded_by = models.CharField("评定机关", max_length=80, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "学习型企业评定"
        verbose_name_plural = "学习型企业评定"
        ordering = ["-year", "-assessed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["learning_enterprise", "year", "level"], name="one_assessment_per_level_and_year"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="assessment_year_range"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="assessment_score_range"),
        ]


class BodyKind(models.TextChoices):
    ART_TROUPE = "art_troupe", "职工艺术团"
    CLUB = "club", "职工俱乐部"
    PALACE = "palace", "工人文化宫"
    TEAM = "team", "文体团队"
    OTHER = "other", "其他"


class CultureBody(models.Model):
    """A culture body the unions run: the workers' art troupe, the club, the palace, a team."""

    name = models.CharField("名称", max_length=120)
    kind = models.CharField("类别", max_length=12, choices=BodyKind.choices)
    org = models.ForeignKey("orgs.Org", verbose_name="主管工会", on_delete=models.PROTECT, related_name="+")
    founded_on = models.DateField("成立(挂牌)日期")
    members_count = models.PositiveIntegerField("成员人数", default=0)
    leader = models.CharField("负责人", max_length=40, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "文化团体"
        verbose_name_plural = "文化团体"
        ordering = ["-founded_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="culture_body_name_unique_per_union")]

    def __str__(self):
        return self.name


class RecognitionKind(models.TextChoices):
    WORKERS_LIBRARY = "workers_library", "职工书屋"
    TRAINING_MODEL = "training_model", "职工教育培训示范单位"
    CENTRE_POINT = "centre_point", "职工中心示范点"


class CultureRecognition(models.Model):
    """A recognition of a culture unit by a higher body: a national workers' library, a
    national or provincial education-and-training model, a Ningbo workers' centre model point."""

    kind = models.CharField("称号类别", max_length=20, choices=RecognitionKind.choices)
    level = models.CharField("级别", max_length=12, choices=RecognitionLevel.choices)
    org = models.ForeignKey("orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    library = models.ForeignKey(WorkersLibrary, verbose_name="职工书屋", null=True, blank=True, on_delete=models.PROTECT, related_name="recognitions")
    awarded_on = models.DateField("授予日期")
    awarded_by = models.CharField("授予机关", max_length=80)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "文化阵地称号"
        verbose_name_plural = "文化阵地称号"
        ordering = ["-awarded_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "level", "org", "enterprise", "awarded_on"], name="culture_recognition_once"),
            models.CheckConstraint(condition=Q(library__isnull=True) | Q(kind="workers_library"), name="recognition_library_only_for_library_kind"),
        ]
        indexes = [models.Index(fields=["kind", "level", "awarded_on"])]

    @property
    def place_name(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.org.name


"""The tables of 双服务: the federation's staff go out in groups (服务企业促发展、服务职工促和谐)
and visit enterprises, towns, villages and teams; each visit is recorded against the place
visited, with the workers met, meetings and talks held, technical help given, material
handed out and problems raised and solved there."""

from django.db import models
from django.db.models import F, Q


class OutreachGroup(models.Model):
    """A group of staff sent out by a union (市总工会分8组深入基层)."""

    name = models.CharField("组名", max_length=60)
    org = models.ForeignKey("orgs.Org", verbose_name="派出单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    theme = models.CharField("活动主题", max_length=120, default="面对面、心贴心、实打实“双服务”")
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "双服务小组"
        verbose_name_plural = "双服务小组"
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "name"], name="outreach_group_name_unique_per_year"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="outreach_group_year_range"),
        ]

    def __str__(self):
        return f"{self.year}年{self.name}"

    @property
    def leader(self):
        return next((m for m in self.members.all() if m.is_leader), None)


class OutreachGroupMember(models.Model):
    group = models.ForeignKey(OutreachGroup, verbose_name="小组", on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=40)
    position = models.CharField("职务", max_length=60, blank=True)
    is_leader = models.BooleanField("组长", default=False)

    class Meta:
        verbose_name = "小组成员"
        verbose_name_plural = "小组成员"
        ordering = ["-is_leader", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="outreach_member_once_per_group"),
            models.UniqueConstraint(fields=["group"], condition=Q(is_leader=True), name="outreach_one_leader_per_group"),
        ]

    def __str__(self):
        return self.name


class PlaceKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    TOWN = "town", "镇(街道)"
    VILLAGE = "village", "村(社区)"
    TEAM = "team", "班组"


class OutreachVisit(models.Model):
    """One visit of a group to one place. `org` is the union the place is filed under (the
    town or village itself, or the enterprise's union): scope follows the place."""

    group = models.ForeignKey(OutreachGroup, verbose_name="小组", on_delete=models.PROTECT, related_name="visits")
    place_kind = models.CharField("走访对象", max_length=12, choices=PlaceKind.choices)
    org = models.ForeignKey("orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team_name = models.CharField("班组名称", max_length=60, blank=True)
    visited_on = models.DateField("走访日期")
    workers_met = models.PositiveIntegerField("访问职工(人)", default=0)
    meetings = models.PositiveSmallIntegerField("座谈会(次)", default=0)
    talks = models.PositiveSmallIntegerField("形势政策宣讲(次)", default=0)
    tech_help = models.PositiveSmallIntegerField("技术帮扶(次)", default=0)
    materials = models.PositiveIntegerField("发放资料(份)", default=0)
    problems_raised = models.PositiveSmallIntegerField("反映问题(个)", default=0)
    problems_solved = models.PositiveSmallIntegerField("解决问题(个)", default=0)
    problems_note = models.CharField("问题及解决情况", max_length=500, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "双服务走访"
        verbose_name_plural = "双服务走访"
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(problems_solved__lte=F("problems_raised")), name="outreach_solved_within_raised"),
            models.CheckConstraint(condition=Q(place_kind__in=["town", "village"]) | Q(enterprise__isnull=False), name="outreach_enterprise_or_team_has_enterprise"),
            models.CheckConstraint(condition=~Q(place_kind="team") | ~Q(team_name=""), name="outreach_team_has_name"),
            # Two clicks on 保存 write one visit; town and village visits are checked by the service.
            models.UniqueConstraint(fields=["group", "place_kind", "org", "enterprise", "team_name", "visited_on"], name="outreach_visit_once_a_day"),
        ]
        indexes = [models.Index(fields=["place_kind", "visited_on"])]

    def __str__(self):
        return f"{self.group.name} 走访 {self.place_name}"

    @property
    def place_name(self) -> str:
        if self.place_kind == PlaceKind.TEAM:
            return f"{self.enterprise.name} {self.team_name}"
        if self.place_kind == PlaceKind.ENTERPRISE:
            return self.enterprise.name
        return self.org.name

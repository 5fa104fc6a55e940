from django.db import models
from django.db.models import Q

from gonghui.core.sealing import BlindIndexField, SealedField


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Education(models.TextChoices):
    PRIMARY = "primary", "小学及以下"
    JUNIOR = "junior", "初中"
    SENIOR = "senior", "高中/中专/技校"
    COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "本科"
    POSTGRADUATE = "postgraduate", "研究生"


class Household(models.TextChoices):
    URBAN = "urban", "城镇"
    MIGRANT = "migrant", "农民工"


class MemberStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    TRANSFERRED_OUT = "transferred_out", "转出"
    RETIRED = "retired", "退休"
    LEFT = "left", "离会"
    DECEASED = "deceased", "死亡"


ETHNICITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 "
    "高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 "
    "怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()


class Member(models.Model):
    """A person in the real-name registry (会员实名制). One row per person across the whole
    federation, found by the blind index of the ID number; `org` is the union they belong to."""

    name = models.CharField("姓名", max_length=40)
    id_number = SealedField("身份证号", kind="id_number")
    id_number_index = BlindIndexField(source="id_number", unique=True)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    mobile = SealedField("手机号", kind="mobile")
    mobile_index = BlindIndexField(source="mobile", db_index=True)
    ethnicity = models.CharField("民族", max_length=10, default="汉族")
    education = models.CharField("文化程度", max_length=20, choices=Education.choices, blank=True)
    household = models.CharField("户籍类型", max_length=10, choices=Household.choices, default=Household.URBAN)
    enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="工作单位", null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    org = models.ForeignKey("orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="members")
    joined_on = models.DateField("入会日期")
    status = models.CharField("会籍状态", max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    collected_on = models.DateField("信息采集日期")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "会员"
        verbose_name_plural = "会员"
        indexes = [
            models.Index(fields=["org", "status"]),
            models.Index(fields=["name"]),
            models.Index(fields=["joined_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active") | Q(status_changed_on__isnull=False), name="member_inactive_has_date"
            ),
        ]

    def __str__(self):
        return self.name


class MembershipPeriod(models.Model):
    """The history of a member's unions: one row per stay in one union."""

    class Reason(models.TextChoices):
        JOINED = "joined", "入会"
        TRANSFER = "transfer", "转会"
        REJOINED = "rejoined", "重新入会"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="periods")
    org = models.ForeignKey("orgs.Org", verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("起")
    ended_on = models.DateField("止", null=True, blank=True)
    reason = models.CharField("原因", max_length=20, choices=Reason.choices)

    class Meta:
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["org", "started_on"])]
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=Q(ended_on__isnull=True), name="one_open_period_per_member"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")), name="period_ends_after_start"),
        ]


class TransferStatus(models.TextChoices):
    PENDING = "pending", "待接收"
    ACCEPTED = "accepted", "已接收"
    REJECTED = "rejected", "已拒绝"
    DONE = "done", "已转会"


class Transfer(models.Model):
    """A move of a member between unions (转会): done at once inside the actor's subtree,
    or requested and accepted by the receiving side."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    from_org = models.ForeignKey("orgs.Org", verbose_name="转出工会", on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey("orgs.Org", verbose_name="转入工会", on_delete=models.PROTECT, related_name="+")
    to_enterprise = models.ForeignKey("orgs.Enterprise", verbose_name="新工作单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=TransferStatus.choices)
    reason = models.CharField("转会原因", max_length=200, blank=True)
    requested_by = models.ForeignKey("accounts.User", verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey("accounts.User", verbose_name="处理人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    effective_on = models.DateField("转会日期")

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=Q(status="pending"), name="one_pending_transfer_per_member"),
            models.CheckConstraint(condition=~Q(from_org=models.F("to_org")), name="transfer_changes_union"),
        ]

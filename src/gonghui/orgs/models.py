from django.db import models
from django.db.models import Q

from gonghui.core.scope import SEGMENT


class Level(models.IntegerChoices):
    FEDERATION = 1, "市总工会"
    TOWN = 2, "镇(街道)总工会"
    JOINT = 3, "村(社区)/联合工会"
    PRIMARY = 4, "基层工会"


class OrgKind(models.TextChoices):
    FEDERATION = "federation", "市总工会"
    TOWN = "town", "镇(街道)总工会"
    VILLAGE = "village", "村工会"
    COMMUNITY = "community", "社区工会"
    REGIONAL = "regional", "区域性联合工会"
    INDUSTRY = "industry", "行业性联合工会"
    ENTERPRISE = "enterprise", "企业工会"
    INSTITUTION = "institution", "事业单位工会"
    ORGAN = "organ", "机关工会"


KINDS_BY_LEVEL = {
    Level.FEDERATION: {OrgKind.FEDERATION},
    Level.TOWN: {OrgKind.TOWN},
    Level.JOINT: {OrgKind.VILLAGE, OrgKind.COMMUNITY, OrgKind.REGIONAL, OrgKind.INDUSTRY},
    Level.PRIMARY: {OrgKind.ENTERPRISE, OrgKind.INSTITUTION, OrgKind.ORGAN},
}


class OrgStatus(models.TextChoices):
    ACTIVE = "active", "存续"
    CANCELLED = "cancelled", "已撤销"


class Org(models.Model):
    """A node of the union tree. `path` is the materialised path of ids that scope works on."""

    code = models.CharField("组织编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=120)
    level = models.PositiveSmallIntegerField("层级", choices=Level.choices)
    kind = models.CharField("类型", max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, unique=True, editable=False)
    status = models.CharField("状态", max_length=12, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    established_on = models.DateField("成立日期", null=True, blank=True)
    chair_name = models.CharField("工会主席", max_length=40, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工会组织"
        verbose_name_plural = "工会组织"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="org_level_range"),
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="org_root_has_no_parent",
            ),
        ]

    def __str__(self):
        return self.name

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this node itself."""
        return [int(self.path[i : i + SEGMENT]) for i in range(0, len(self.path), SEGMENT)]


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections."""

    A = "A", "农、林、牧、渔业"
    B = "B", "采矿业"
    C = "C", "制造业"
    D = "D", "电力、热力、燃气及水生产和供应业"
    E = "E", "建筑业"
    F = "F", "批发和零售业"
    G = "G", "交通运输、仓储和邮政业"
    H = "H", "住宿和餐饮业"
    I = "I", "信息传输、软件和信息技术服务业"  # noqa: E741
    J = "J", "金融业"
    K = "K", "房地产业"
    L = "L", "租赁和商务服务业"
    M = "M", "科学研究和技术服务业"
    N = "N", "水利、环境和公共设施管理业"
    O = "O", "居民服务、修理和其他服务业"  # noqa: E741
    P = "P", "教育"
    Q = "Q", "卫生和社会工作"
    R = "R", "文化、体育和娱乐业"
    S = "S", "公共管理、社会保障和社会组织"
    T = "T", "国际组织"


class Ownership(models.TextChoices):
    STATE = "state", "国有"
    STATE_CONTROLLED = "state_controlled", "国有控股"
    COLLECTIVE = "collective", "集体"
    PRIVATE = "private", "私营"
    FOREIGN = "foreign", "外商投资"
    HMT = "hmt", "港澳台投资"
    INSTITUTION = "institution", "事业单位"
    ORGAN = "organ", "机关"
    OTHER = "other", "其他"


class Formation(models.TextChoices):
    SINGLE = "single", "单建工会"
    JOINT = "joint", "联建工会"
    NONE = "none", "未建工会"


class Enterprise(models.Model):
    """An employer. `org` is the node it is filed under: its own (primary) union when it has
    one (单建), the joint union covering it (联建), or the town or village it lies in."""

    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    credit_code_flagged = models.BooleanField("信用代码校验位存疑", default=False)
    credit_code_accepted_by = models.ForeignKey(
        "accounts.User", verbose_name="校验位存疑代码确认人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("企业名称", max_length=120)
    industry = models.CharField("行业门类", max_length=1, choices=Industry.choices)
    ownership = models.CharField("经济类型", max_length=20, choices=Ownership.choices)
    above_scale = models.BooleanField("规模以上", default=False)
    employee_count = models.PositiveIntegerField("职工人数", default=0)
    address_town = models.ForeignKey(Org, verbose_name="所在镇(街道)", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    org = models.ForeignKey(Org, verbose_name="所属工会", on_delete=models.PROTECT, related_name="enterprises")
    formation = models.CharField("建会方式", max_length=10, choices=Formation.choices, default=Formation.NONE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        constraints = [
            models.UniqueConstraint(fields=["org"], condition=Q(formation="single"), name="one_single_enterprise_per_union"),
            models.CheckConstraint(
                condition=Q(credit_code_flagged=False) | Q(credit_code_accepted_by__isnull=False),
                name="flagged_credit_code_needs_reviewer",
            ),
        ]
        indexes = [models.Index(fields=["formation"]), models.Index(fields=["name"])]

    def __str__(self):
        return self.name


class RegistrationKind(models.TextChoices):
    NEW = "new", "新办"
    CHANGE = "change", "变更"
    CANCEL = "cancel", "注销"


class LegalPersonRegistration(models.Model):
    """One step of a union's registration as a legal person (工会法人资格登记)."""

    org = models.ForeignKey(Org, verbose_name="工会", on_delete=models.PROTECT, related_name="registrations")
    kind = models.CharField("登记类型", max_length=10, choices=RegistrationKind.choices)
    certificate_number = models.CharField("证书编号", max_length=40)
    registered_on = models.DateField("登记日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=40, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey("accounts.User", verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "法人资格登记"
        verbose_name_plural = "法人资格登记"
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("registered_on")),
                name="registration_valid_after_registered",
            ),
        ]
        indexes = [models.Index(fields=["registered_on"])]

    def __str__(self):
        return f"{self.org} {self.get_kind_display()} {self.certificate_number}"

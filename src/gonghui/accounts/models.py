from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q

from gonghui.core.roles import ADMIN_ROLES, Role
from gonghui.core.sealing import SealedField


class User(AbstractUser):
    """An account: one node of the tree, one role. Scope follows `org`."""

    org = models.ForeignKey("orgs.Org", verbose_name="所属组织", null=True, blank=True, on_delete=models.PROTECT, related_name="accounts")
    display_name = models.CharField("姓名", max_length=40, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.CLERK)
    can_reveal = models.BooleanField("可查看完整敏感信息", default=False)
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须改密码", default=True)
    totp_secret = SealedField("双因素密钥", kind="secret")
    totp_enabled = models.BooleanField("已启用双因素认证", default=False)
    totp_last_step = models.BigIntegerField("最近使用的动态码时间步", default=0)  # a code is accepted once
    # Accounts from outside the federation: a merchant account belongs to a partner unit of
    # the service card, a member account to the member whose e-card it shows.
    partner = models.ForeignKey("cards.Partner", verbose_name="合作单位", null=True, blank=True, on_delete=models.PROTECT, related_name="merchant_accounts")
    member = models.OneToOneField("members.Member", verbose_name="会员", null=True, blank=True, on_delete=models.PROTECT, related_name="ecard_account")

    objects = UserManager()

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"
        constraints = [
            # The three administrators never hold the personal-data reveal grant.
            models.CheckConstraint(
                condition=Q(can_reveal=False) | Q(role__in=["clerk", "reviewer", "leader"]),
                name="admins_cannot_reveal",
            ),
        ]

    def __str__(self):
        return self.display_name or self.username

    @property
    def is_admin_role(self) -> bool:
        return self.role in ADMIN_ROLES

"""The demo logins: one account per role and level of the demo city, all with one printed
password, so that anyone who runs `make run` can sign in at every level at once.

The generator creates them with plain ORM writes (it is a system process, not a person acting
through a service); `print_demo_logins` reads them back from the database, so `gonghui run`
can print the table every time it starts.
"""

import sys
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from gonghui.accounts.models import User
from gonghui.core.roles import ADMIN_ROLES, Role

DEMO_PASSWORD = "Gonghui@2013"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    role: str
    node: str  # where in the tree: federation, town, village or workplace (CityPlan.login_orgs)


DEMO_LOGINS = [
    DemoLogin("city_clerk", "王丽萍", Role.CLERK, "federation"),
    DemoLogin("city_reviewer", "陈建国", Role.REVIEWER, "federation"),
    DemoLogin("city_leader", "胡志刚", Role.LEADER, "federation"),
    DemoLogin("town_clerk", "孙海燕", Role.CLERK, "town"),
    DemoLogin("town_leader", "岑伟军", Role.LEADER, "town"),
    DemoLogin("village_clerk", "徐红英", Role.CLERK, "village"),
    DemoLogin("workplace_clerk", "沈佳琪", Role.CLERK, "workplace"),
    DemoLogin("sysadmin", "系统管理员", Role.SYSTEM_ADMIN, "federation"),
    DemoLogin("secadmin", "安全管理员", Role.SECURITY_ADMIN, "federation"),
    DemoLogin("auditadmin", "审计管理员", Role.AUDIT_ADMIN, "federation"),
    # Outside the federation, made by the card demo (gonghui.demo.cards) once partners and cards exist.
    DemoLogin("merchant", "合作商户收银员", Role.MERCHANT, ""),
    DemoLogin("member", "会员", Role.MEMBER, ""),
]
DEMO_USERNAMES = [login.username for login in DEMO_LOGINS]


def demo_accounts_create(*, orgs_by_node: dict, now) -> dict[str, User]:
    """The demo accounts, ready to use: no forced password change at first sign-in (the three
    administrators still enrol a TOTP app then, as every administrator must)."""
    # One argon2 hash for all ten (0.2 s each at full cost): the password is printed for
    # everyone anyway, and each account gets its own salt the moment it changes it.
    password = make_password(DEMO_PASSWORD)
    users = [
        User(
            username=login.username,
            display_name=login.display_name,
            role=login.role,
            org=orgs_by_node[login.node],
            password=password,
            must_change_password=False,
            # Equal to date_joined for as long as the demo password stands (see print_demo_logins).
            password_changed_at=now,
            date_joined=now,
        )
        for login in DEMO_LOGINS
        if login.node
    ]
    User.objects.bulk_create(users)
    return {user.username: user for user in users}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def print_demo_logins(stdout=None) -> None:
    """Print the demo logins that exist in the database as a table; nothing when there are
    none (a real federation's database). A password changed since shows as 已修改."""
    stdout = stdout or sys.stdout
    found = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES).select_related("org")}
    if not found:
        return
    header = ["层级", "用户名", "密码", "所属组织", "角色"]
    rows = []
    for login in DEMO_LOGINS:
        user = found.get(login.username)
        if user is None:
            continue
        unchanged = not user.must_change_password and user.password_changed_at == user.date_joined
        rows.append([
            user.org.get_level_display() if user.org else "—",
            user.username,
            DEMO_PASSWORD if unchanged else "(已修改)",
            user.org.name if user.org else "—",
            user.get_role_display() + ("(停用)" if not user.is_active else ""),
        ])
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["", "演示账号:"]
    for row in [header, ["-" * w for w in widths], *rows]:
        lines.append("  " + "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
    if any(found[login.username].role in ADMIN_ROLES for login in DEMO_LOGINS if login.username in found):
        lines.append("  系统管理员、安全管理员、审计管理员首次登录时须用手机验证器(如 FreeOTP、Google Authenticator)扫码绑定动态验证码。")
    lines.append("")
    stdout.write("\n".join(lines) + "\n")
    stdout.flush()

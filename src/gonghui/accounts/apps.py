from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = "账号"
    nav = [
        ("账号管理", "accounts:user-list", "gonghui.core.roles.is_system_admin"),
        ("角色授权", "accounts:grant-list", "gonghui.core.roles.is_security_admin"),
        ("审计日志", "accounts:audit-list", "gonghui.core.roles.is_audit_admin"),
    ]

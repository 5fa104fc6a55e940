from gonghui.accounts.models import User
from gonghui.core import scope
from gonghui.core.models import AuditEntry
from gonghui.core.roles import is_audit_admin, is_security_admin, is_system_admin
from django.http import Http404


def users_managed(acting_user: User):
    """Accounts in the administrator's subtree (for the system and security administrators)."""
    if not (is_system_admin(acting_user) or is_security_admin(acting_user)) or acting_user.org_id is None:
        return User.objects.none()
    return scope.within(User.objects.select_related("org"), acting_user.org.path)


def user_get_managed(acting_user: User, user_id) -> User:
    user = users_managed(acting_user).filter(pk=user_id).first()
    if user is None:
        raise Http404("账号不存在或不在您的管辖范围内")
    return user


def audit_entries(acting_user: User):
    """The audit trail, for the audit administrator only."""
    if not is_audit_admin(acting_user):
        return AuditEntry.objects.none()
    return AuditEntry.objects.all()


def audit_entry_get(acting_user: User, entry_id) -> AuditEntry:
    entry = audit_entries(acting_user).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("日志不存在")
    return entry

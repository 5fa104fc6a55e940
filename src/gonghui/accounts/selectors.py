from gonghui.accounts.models import User
from gonghui.core import scope
from gonghui.core.models import AuditEntry
from gonghui.core.roles import is_audit_admin, is_security_admin, is_system_admin
from django.db.models import Q
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
    """The audit trail, for the audit administrator only: the entries of accounts in their
    subtree; the federation's audit administrator also sees the system's own entries and
    failed sign-ins of unknown names (entries with no node)."""
    if not is_audit_admin(acting_user) or acting_user.org_id is None:
        return AuditEntry.objects.none()
    mine = scope.subtree_q(acting_user.org.path, "actor_org_path")
    if acting_user.org.parent_id is None:
        mine |= Q(actor_org_path="")
    return AuditEntry.objects.filter(mine)


def audit_entry_get(acting_user: User, entry_id) -> AuditEntry:
    entry = audit_entries(acting_user).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("日志不存在")
    return entry

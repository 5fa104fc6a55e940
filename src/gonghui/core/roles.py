"""The roles an account can hold, and the predicates every app asks of them.

Business roles work on the records of their own subtree. The three administrators are kept
apart (三员分立): none of them reads business data, and each does only its own job.
"""

from django.db import models


class Role(models.TextChoices):
    NONE = "none", "未授权"  # a new account, until the security administrator grants a role
    CLERK = "clerk", "经办人"
    REVIEWER = "reviewer", "审核人"
    LEADER = "leader", "领导"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"
    MERCHANT = "merchant", "合作商户"
    MEMBER = "member", "会员"


BUSINESS_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER})
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Outside the federation: merchants verify cards at their stores, members see their own card.
OUTSIDE_ROLES = frozenset({Role.MERCHANT, Role.MEMBER})


def reads_business_data(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in BUSINESS_ROLES)


def writes_business_data(user) -> bool:
    return bool(reads_business_data(user) and user.role in {Role.CLERK, Role.REVIEWER})


def reviews_business_data(user) -> bool:
    return bool(reads_business_data(user) and user.role == Role.REVIEWER)


def is_system_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.SYSTEM_ADMIN)


def is_security_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.SECURITY_ADMIN)


def is_audit_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.AUDIT_ADMIN)


def is_merchant(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.MERCHANT)


def is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.MEMBER)

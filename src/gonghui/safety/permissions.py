"""Who may record inspectors, Ankang Cup honours and classified management."""

from gonghui.core.roles import reads_business_data, writes_business_data
from gonghui.core.scope import covers
from gonghui.orgs.models import Level


def reads_safety(user) -> bool:
    return reads_business_data(user)


def can_record_safety(user) -> bool:
    """Inspectors, Ankang Cup honours and safety classes are kept by the federation and the towns."""
    return writes_business_data(user) and user.org is not None and user.org.level <= Level.TOWN


def can_end_appointment(user, inspector) -> bool:
    return can_record_safety(user) and covers(user, inspector.org.path)

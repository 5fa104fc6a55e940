"""Who may record, propose and approve honours, and keep the model workers' files."""

from gonghui.core.roles import reads_business_data, reviews_business_data, writes_business_data
from gonghui.core.scope import covers
from gonghui.orgs.models import Level

from gonghui.honours.models import HonourLevel


def reads_honours(user) -> bool:
    return reads_business_data(user)


def can_record_level(user, level) -> bool:
    """Town honours are recorded by a town or the federation; the city's own and those of
    Ningbo, the province and the nation by the federation, which confers or is told of them."""
    if not writes_business_data(user) or user.org is None:
        return False
    if level == HonourLevel.TOWN:
        return user.org.level <= Level.TOWN
    return user.org.level == Level.FEDERATION


def can_record_honours(user) -> bool:
    return writes_business_data(user) and user.org is not None and user.org.level <= Level.TOWN


def can_decide_honour(user, honour) -> bool:
    """A proposal is approved by a reviewer of the body that confers it, never by its proposer."""
    return (reviews_business_data(user) and covers(user, honour.org.path) and can_record_level(user, honour.level)
            and honour.proposed_by_id != user.pk)


def can_keep_model_workers(user) -> bool:
    return can_record_honours(user)

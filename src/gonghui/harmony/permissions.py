"""Who may set the criteria, take applications, score and award, and record CSR evaluations."""

from gonghui.core.roles import reads_business_data, writes_business_data
from gonghui.core.scope import covers
from gonghui.orgs.models import Level

from gonghui.harmony.models import AwardLevel


def reads_harmony(user) -> bool:
    return reads_business_data(user)


def can_set_criteria(user) -> bool:
    """The criteria sheet is the same for every town: the federation sets it."""
    return writes_business_data(user) and user.org is not None and user.org.level == Level.FEDERATION


def can_apply(user) -> bool:
    return writes_business_data(user) and user.org is not None


def can_assess(user, application) -> bool:
    """Town-level applications are scored and awarded by the town or the federation;
    village-level ones by the village (or joint union) or above."""
    if not (writes_business_data(user) and user.org is not None and covers(user, application.org.path)):
        return False
    return user.org.level <= (Level.TOWN if application.level == AwardLevel.TOWN else Level.JOINT)

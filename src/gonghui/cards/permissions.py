"""Who may do what with cards, partners and the counter. Templates ask these to show
buttons; services ask them again before acting."""

from gonghui.core.roles import is_member, is_merchant, reads_business_data, writes_business_data
from gonghui.core.scope import covers
from gonghui.orgs.models import Level


def can_issue_card(user, member) -> bool:
    return writes_business_data(user) and covers(user, member.org.path)


def can_manage_card(user, card) -> bool:
    return writes_business_data(user) and covers(user, card.member.org.path)


def can_issue_batch(user, org) -> bool:
    return writes_business_data(user) and covers(user, org.path)


def can_create_partner(user) -> bool:
    """Partners are signed by the federation or a town."""
    return writes_business_data(user) and user.org is not None and user.org.level <= Level.TOWN


def can_manage_partner(user, partner) -> bool:
    return writes_business_data(user) and covers(user, partner.town.path)


def is_merchant_of(user, partner) -> bool:
    return is_merchant(user) and user.partner_id is not None and user.partner_id == partner.pk


def can_manage_keys(user, partner) -> bool:
    """A partner's till keys: the clerks who manage the partner, and the merchant itself."""
    return can_manage_partner(user, partner) or is_merchant_of(user, partner)


def can_verify(user) -> bool:
    """The counter: a merchant account that belongs to a partner."""
    return is_merchant(user) and user.partner_id is not None


def has_ecard(user) -> bool:
    return is_member(user) and user.member_id is not None


def reads_cards(user) -> bool:
    return reads_business_data(user)


def reads_partner_pages(user) -> bool:
    """Partner, store and use pages: the federation's business roles, and merchants (their own)."""
    return reads_business_data(user) or can_verify(user)


def can_reveal(user) -> bool:
    """Seeing a whole payout account number is the same grant as for ID numbers."""
    return reads_business_data(user) and user.can_reveal

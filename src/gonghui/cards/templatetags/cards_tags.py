"""The member's cards on the member page (members knows nothing of cards; its page leaves a
block for them)."""

from django import template

from gonghui.cards import permissions, selectors
from gonghui.members.models import MemberStatus

register = template.Library()


@register.inclusion_tag("cards/member_cards.html", takes_context=True)
def member_cards(context, member):
    user = context["request"].user
    cards = selectors.member_cards(member)
    current = next((c for c in cards if c.is_current), None)
    return {
        "member": member, "cards": cards, "current": current, "member_active": member.status == MemberStatus.ACTIVE,
        "can_issue": permissions.can_issue_card(user, member), "has_ecard": hasattr(member, "ecard_account"),
    }

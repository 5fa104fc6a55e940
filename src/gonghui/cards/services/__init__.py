"""The writes of the service card, one function per use case: the cards themselves (issue,
batch, lost, found, replace, cancel, the payout account) in services.cards; the partner
network and the accounts of people outside the federation in services.network."""

from gonghui.cards.services.cards import (  # noqa: F401
    card_cancel, card_found, card_issue, card_payout_clear, card_payout_set, card_replace, card_report_lost, cards_cancel_for_departed_members,
    cards_issue_batch, payout_reveal,
)
from gonghui.cards.services.network import (  # noqa: F401
    benefit_create, benefit_end, ecard_account_open, merchant_account_open, partner_create, partner_set_status, partner_update, store_close,
    store_create, store_update,
)

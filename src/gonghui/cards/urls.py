from django.urls import path

from gonghui.cards.views import cards, outside, partners

app_name = "cards"

urlpatterns = [
    path("", cards.card_list, name="card-list"),
    path("<int:card_id>/", cards.card_detail, name="card-detail"),
    path("<int:card_id>/lost/", cards.card_lost, name="card-lost"),
    path("<int:card_id>/found/", cards.card_found, name="card-found"),
    path("<int:card_id>/replace/", cards.card_replace, name="card-replace"),
    path("<int:card_id>/cancel/", cards.card_cancel, name="card-cancel"),
    path("<int:card_id>/payout/", cards.card_payout, name="card-payout"),
    path("<int:card_id>/payout/reveal/", cards.card_payout_reveal, name="card-payout-reveal"),
    path("members/<int:member_id>/issue/", cards.card_issue, name="card-issue"),
    path("members/<int:member_id>/ecard-account/", cards.ecard_account_open, name="ecard-account-open"),
    path("batches/", cards.batch_list, name="batch-list"),
    path("batches/new/", cards.batch_create, name="batch-create"),
    path("batches/<int:batch_id>/", cards.batch_detail, name="batch-detail"),
    path("partners/", partners.partner_list, name="partner-list"),
    path("partners/new/", partners.partner_create, name="partner-create"),
    path("partners/<int:partner_id>/", partners.partner_detail, name="partner-detail"),
    path("partners/<int:partner_id>/edit/", partners.partner_edit, name="partner-edit"),
    path("partners/<int:partner_id>/status/", partners.partner_status, name="partner-status"),
    path("partners/<int:partner_id>/stores/new/", partners.store_create, name="store-create"),
    path("partners/<int:partner_id>/benefits/new/", partners.benefit_create, name="benefit-create"),
    path("partners/<int:partner_id>/accounts/new/", partners.merchant_account_create, name="merchant-account-create"),
    path("partners/<int:partner_id>/keys/new/", partners.api_key_create, name="api-key-create"),
    path("stores/<int:store_id>/", partners.store_detail, name="store-detail"),
    path("stores/<int:store_id>/edit/", partners.store_edit, name="store-edit"),
    path("stores/<int:store_id>/close/", partners.store_close, name="store-close"),
    path("benefits/<int:benefit_id>/end/", partners.benefit_end, name="benefit-end"),
    path("keys/<int:key_id>/rotate/", partners.api_key_rotate, name="api-key-rotate"),
    path("keys/<int:key_id>/revoke/", partners.api_key_revoke, name="api-key-revoke"),
    path("uses/", partners.use_list, name="use-list"),
    path("uses/<int:use_id>/", partners.use_detail, name="use-detail"),
    path("merchant/", partners.merchant_home, name="merchant-home"),
    path("counter/", outside.counter_page, name="counter"),
    path("ecard/", outside.ecard, name="ecard"),
    path("ecard/qr/", outside.ecard_qr, name="ecard-qr"),
    path("directory/", outside.directory, name="directory"),
]

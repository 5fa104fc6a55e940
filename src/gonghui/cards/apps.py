from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "gonghui.cards"
    label = "cards"
    verbose_name = "5.1服务卡"
    nav = [
        ("服务卡", "cards:card-list", "gonghui.core.roles.reads_business_data"),
        ("合作商户", "cards:partner-list", "gonghui.core.roles.reads_business_data"),
        ("会员卡核验", "cards:counter", "gonghui.cards.permissions.can_verify"),
        ("核验记录", "cards:use-list", "gonghui.cards.permissions.can_verify"),
        ("本商户", "cards:merchant-home", "gonghui.cards.permissions.can_verify"),
        ("我的会员卡", "cards:ecard", "gonghui.cards.permissions.has_ecard"),
    ]

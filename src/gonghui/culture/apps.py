from django.apps import AppConfig


class CultureConfig(AppConfig):
    name = "gonghui.culture"
    label = "culture"
    verbose_name = "职工文化"
    nav = [("职工文化", "culture:delivery-list", "gonghui.core.roles.reads_business_data")]

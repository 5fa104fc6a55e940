from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "gonghui.finance"
    label = "finance"
    verbose_name = "工会经费"
    nav = [("工会经费", "finance:dues-list", "gonghui.core.roles.reads_business_data")]

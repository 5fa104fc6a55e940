from django.apps import AppConfig


class BargainingConfig(AppConfig):
    name = "gonghui.bargaining"
    label = "bargaining"
    verbose_name = "协商与民主管理"
    nav = [("协商与民主管理", "bargaining:overview", "gonghui.core.roles.reads_business_data")]

from django.apps import AppConfig


class BargainingConfig(AppConfig):
    name = "gonghui.bargaining"
    label = "bargaining"
    verbose_name = "协商与民主管理"
    nav = []

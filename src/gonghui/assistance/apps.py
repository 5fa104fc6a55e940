from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "gonghui.assistance"
    label = "assistance"
    verbose_name = "困难帮扶"
    nav = [("困难帮扶", "assistance:home", "gonghui.core.roles.reads_business_data")]

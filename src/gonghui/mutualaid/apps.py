from django.apps import AppConfig


class MutualaidConfig(AppConfig):
    name = "gonghui.mutualaid"
    label = "mutualaid"
    verbose_name = "医疗互助"
    nav = [("医疗互助", "mutualaid:home", "gonghui.core.roles.reads_business_data")]

from django.apps import AppConfig


class WomenConfig(AppConfig):
    name = "gonghui.women"
    label = "women"
    verbose_name = "女职工与心理关爱"
    nav = [("女职工", "women:agreement-list", "gonghui.core.roles.reads_business_data")]

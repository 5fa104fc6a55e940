from django.apps import AppConfig


class HarmonyConfig(AppConfig):
    name = "gonghui.harmony"
    label = "harmony"
    verbose_name = "和谐企业"
    nav = [("和谐企业", "harmony:application-list", "gonghui.core.roles.reads_business_data")]

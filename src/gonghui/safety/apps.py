from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "gonghui.safety"
    label = "safety"
    verbose_name = "劳动保护"
    nav = [("劳动保护", "safety:inspector-list", "gonghui.core.roles.reads_business_data")]

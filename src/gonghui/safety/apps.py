from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "gonghui.safety"
    label = "safety"
    verbose_name = "劳动保护"
    nav = []

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "公共机制"

    def ready(self):
        # Each app declares its figures in indicators.py; importing them fills the registry.
        autodiscover_modules("indicators")

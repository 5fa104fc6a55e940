"""Honours of every level given to people and collectives; model workers, their association, studios and volunteer teams."""
from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "gonghui.honours"
    label = "honours"
    verbose_name = "荣誉与劳模"
    nav = [
        ("荣誉", "honours:honour-list", "gonghui.core.roles.reads_business_data"),
        ("劳模", "honours:model-worker-list", "gonghui.core.roles.reads_business_data"),
    ]

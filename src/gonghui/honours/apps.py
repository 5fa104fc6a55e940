from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "gonghui.honours"
    label = "honours"
    verbose_name = "荣誉与劳模"
    nav = []

"""The statistics that write the report: the indicator catalogue, targets, dashboards and the annual work report."""
from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "gonghui.stats"
    label = "stats"
    verbose_name = "统计与报告"
    nav = [
        ("工作概况", "stats:dashboard", "gonghui.stats.permissions.reads_stats"),
        ("指标目录", "stats:catalogue", "gonghui.stats.permissions.reads_stats"),
        ("目标进度", "stats:progress", "gonghui.stats.permissions.reads_stats"),
        ("工作报告", "stats:report", "gonghui.stats.permissions.reads_stats"),
    ]

import importlib
import importlib.util
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gonghui.demo.accounts import print_demo_logins
from gonghui.demo.cards import build_cards
from gonghui.demo.city import DemoRefused, city_generate
from gonghui.demo.members import members_generate

# The areas after the card, in the order they are built: each is gonghui/demo/<name>.py with
# `build(*, seed, scale) -> str` (a one-line summary). Statistics come last: its targets and
# checks read what the others wrote.
AREAS = [
    "service", "assistance", "mutualaid", "bargaining", "campaigns", "honours", "harmony",
    "safety", "culture", "finance", "women", "outreach", "stats",
]


def build_areas(*, seed: int, scale: float, write=lambda line: None) -> None:
    for name in AREAS:
        module_name = f"gonghui.demo.{name}"
        if importlib.util.find_spec(module_name) is None:
            continue
        started = time.perf_counter()
        summary = importlib.import_module(module_name).build(seed=seed, scale=scale)
        write(f"{summary}，用时 {time.perf_counter() - started:.1f} 秒")


class Command(BaseCommand):
    help = "生成演示城市(慈溪市：市总工会、19个镇(街道)、村(社区)与联合工会、基层工会、企业与演示账号，及2012年各项工作记录)，同一种子结果相同"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2013, help="随机种子(默认 2013)；同一种子生成的名称、编码完全相同")
        parser.add_argument("--scale", type=float, default=1.0, help="规模倍数(默认 1，即报告中的城市；基准测试可用 10)")
        parser.add_argument("--reset", action="store_true", help="先删除现有的组织树、企业、法人资格登记和演示账号")

    def handle(self, *args, seed, scale, reset, verbosity, **options):
        try:
            result = city_generate(seed=seed, scale=scale, reset=reset)
        except DemoRefused as refused:
            raise CommandError(str(refused)) from None
        write = self.stdout.write if verbosity >= 1 else (lambda line: None)
        write(f"{result.summary}，用时 {result.seconds:.1f} 秒")
        write(members_generate(seed=seed, scale=scale))
        write(build_cards(seed=seed, scale=scale)["summary"])
        build_areas(seed=seed, scale=scale, write=write)
        if connection.vendor == "postgresql":
            # Bulk-loaded tables have no planner statistics until autovacuum gets to them; the
            # first pages would be planned blind (a rate page took 38 s instead of 3).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if verbosity >= 1:
            print_demo_logins(self.stdout)

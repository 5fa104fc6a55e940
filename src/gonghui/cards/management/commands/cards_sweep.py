from django.core.management.base import BaseCommand

from gonghui.cards.services import cards_cancel_for_departed_members


class Command(BaseCommand):
    help = "注销已离会(转出、退休、离会、死亡)会员仍在用的服务卡(每日运行；核验时这些卡本已被拒绝)"

    def handle(self, *args, **options):
        count = cards_cancel_for_departed_members()
        self.stdout.write(f"已注销 {count} 张离会会员的服务卡")

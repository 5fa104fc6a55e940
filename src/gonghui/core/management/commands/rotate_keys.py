from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from gonghui.core import audit, sealing


class Command(BaseCommand):
    help = "轮换数据密钥: 生成新密钥并用它重新加密所有加密字段(旧密钥保留以便读取备份)"

    def add_arguments(self, parser):
        parser.add_argument("--suite", choices=sealing.SUITES, default=settings.SEAL_SUITE)
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, **options):
        key_id = sealing.add_key(options["suite"])
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.get_fields() if isinstance(f, sealing.SealedField)]
            if not fields:
                continue
            names = [f.name for f in fields]
            # The base manager: a default manager that hides rows (inactive, archived) must not
            # leave them sealed under the old key.
            manager = model._base_manager
            pks = list(manager.values_list("pk", flat=True))
            for start in range(0, len(pks), options["batch"]):
                with transaction.atomic():
                    rows = list(manager.filter(pk__in=pks[start : start + options["batch"]]).only("pk", *names))
                    manager.bulk_update(rows, names)
                    total += len(rows)
        audit.record(actor=None, actor_name="system", action=audit.Action.KEY_ROTATION, summary=f"启用新数据密钥 {key_id}({options['suite']})，重新加密 {total} 行")
        self.stdout.write(f"已启用新密钥 {key_id}({options['suite']})，重新加密 {total} 行")

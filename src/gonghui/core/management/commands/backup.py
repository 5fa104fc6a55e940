from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gonghui.core.backup import BackupFailed, backup_database, default_directory


class Command(BaseCommand):
    help = "备份数据库(运行中亦可，得到一致的快照)：SQLite 用在线备份，PostgreSQL 用 pg_dump；数据密钥不在备份内，须另行保管"

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None, help="备份目录(默认 var/backups)")

    def handle(self, *args, output, **options):
        try:
            path = backup_database(output or default_directory())
        except BackupFailed as failed:
            raise CommandError(str(failed)) from None
        size = path.stat().st_size
        self.stdout.write(f"已备份到 {path}({size / 1024 / 1024:.1f} MB)")
        self.stdout.write(
            f"注意：加密个人信息的数据密钥文件 {settings.DATA_KEY_FILE} 不在备份内。没有它，备份中的身份证号、手机号等无法解密；"
            "请另行妥善保管(不要与数据库备份放在一起)。"
        )

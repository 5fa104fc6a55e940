"""`gonghui report --year 2012 --org CODE --format docx|xlsx|json [--output FILE]`."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.orgs.models import Org
from gonghui.stats import report
from gonghui.stats.report import word, workbook


class Command(BaseCommand):
    help = "生成某组织某年度的工作报告：Word(第一部分按报告体例写成)、分镇指标Excel或JSON"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2012")
        parser.add_argument("--org", default="", help="组织编码(默认市总工会)")
        parser.add_argument("--format", choices=["docx", "xlsx", "json"], default="docx", help="docx、xlsx 或 json")
        parser.add_argument("--output", default="", help="输出文件(默认按组织和年度命名；json 可用 - 输出到屏幕)")

    def handle(self, *args, year, org, format, output, **options):
        if not 1990 <= year <= 2100:
            raise CommandError("年度须在 1990 至 2100 之间")
        node = Org.objects.filter(code=org).first() if org else Org.objects.filter(level=1).order_by("pk").first()
        if node is None:
            raise CommandError(f"组织编码「{org}」不存在" if org else "数据库中还没有市总工会，请先运行 gonghui demo 或导入组织")
        if format == "json" and output == "-":
            json.dump(report.json_rows(node, year), sys.stdout, ensure_ascii=False, indent=1)
            self.stdout.write("")
            return
        path = Path(output or report.filename(node, year, format))
        if format == "docx":
            path.write_bytes(word.document_bytes(report.report_data(node, year)))
        elif format == "xlsx":
            workbook.write(str(path), node, year)
        else:
            path.write_text(json.dumps(report.json_rows(node, year), ensure_ascii=False, indent=1), encoding="utf-8")
        self.stdout.write(f"已生成 {path}")

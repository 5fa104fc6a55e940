import datetime
import decimal
from urllib.parse import parse_qsl, urlencode

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def remove_param(query: str, name: str) -> str:
    return urlencode([(k, v) for k, v in parse_qsl(query) if k != name])


@register.filter
def display_value(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, decimal.Decimal):
        return f"{value:,.2f}"
    return value

"""What the smaller registers' writes share: the checks of a date and a text."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone


def required_text(data: dict, field: str, label: str, limit: int = 200) -> str:
    value = (data.get(field) or "").strip()
    if not value:
        raise ValidationError({field: f"请填写{label}"})
    if len(value) > limit:
        raise ValidationError({field: f"{label}不能超过{limit}个字"})
    return value


def past_date(data: dict, field: str, label: str, *, future_ok: bool = False) -> datetime.date:
    value = data.get(field)
    if not isinstance(value, datetime.date):
        raise ValidationError({field: f"请填写{label}"})
    if not future_ok and value > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})
    if value < datetime.date(2000, 1, 1):
        raise ValidationError({field: f"{label}不能早于2000年"})
    return value


def count(data: dict, field: str, label: str, *, minimum: int = 0) -> int:
    value = data.get(field)
    if not isinstance(value, int) or value < minimum:
        raise ValidationError({field: f"{label}应为不小于{minimum}的整数"})
    return value

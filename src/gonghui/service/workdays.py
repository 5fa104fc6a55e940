"""Working days for case time limits: Monday to Friday. Public holidays and the swapped
weekend days are not kept here, so a limit over a holiday week reads a little short."""

import datetime


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day on which `days` working days after `start` (the day received) have passed."""
    day = start
    left = days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 for a case done the same day)."""
    if end <= start:
        return 0
    whole_weeks, rest = divmod((end - start).days, 7)
    count = whole_weeks * 5
    day = start + datetime.timedelta(days=whole_weeks * 7)
    for _ in range(rest):
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return count

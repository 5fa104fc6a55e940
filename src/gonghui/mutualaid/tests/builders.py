"""Builders for the mutual-aid tests and the scope matrix: a year's rules, a unit enrolled and
paid for, claims entered. Generated people only."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.roles import Role
from gonghui.mutualaid.models import HospitalLevel, Plan, SchemeYear, UnitEnrolment

YEAR = 2012
# Easy to follow by hand: deductible 1000; 50% to 10,000, 60% to 30,000, 70% above (40%/50% at a
# level-3 hospital); hospital cap 10,000; all plans together 20,000.
RULES = {
    "contribution": "36", "waiting_days": 90, "overall_cap": "20000", "serious_cap": "5000", "hospital_deductible": "1000",
    "hospital_cap": "10000", "women_cap": "8000", "note": "",
    "bands": [("", "10000", "0.5"), ("", "30000", "0.6"), ("", None, "0.7"), (HospitalLevel.LEVEL3, "10000", "0.4"), (HospitalLevel.LEVEL3, None, "0.5")],
    "diseases": [(Plan.SERIOUS_DISEASE, "恶性肿瘤", "3000"), (Plan.SERIOUS_DISEASE, "尿毒症", "2000"), (Plan.WOMEN_HEALTH, "乳腺癌", "8000")],
}


def federation_clerk(city):
    from gonghui.accounts.models import User
    from gonghui.testing import make_user

    return User.objects.filter(username="city-fed-clerk").first() or make_user(Role.CLERK, city.federation, username="city-fed-clerk")


def scheme_year(city, year=YEAR, **changes) -> SchemeYear:
    from gonghui.mutualaid import services

    found = SchemeYear.objects.filter(year=year).first()
    return found or services.scheme_year_create(acting_user=federation_clerk(city), year=year, data={**RULES, **changes})


def enrol(clerk, org, members, *, year, enrolled_on=datetime.date(2011, 12, 20), pay=True):
    """The members enrolled in org's unit for the year (made if need be), paid for."""
    from gonghui.mutualaid import services

    unit = UnitEnrolment.objects.filter(scheme_year=year, org=org).first() or services.unit_enrol(
        acting_user=clerk, scheme_year=year, org=org, enrolled_on=enrolled_on)
    workers = [services.worker_enrol(acting_user=clerk, unit=unit, member=m, enrolled_on=enrolled_on) for m in members]
    if pay:
        services.contribution_pay(acting_user=clerk, unit=unit, paid_on=max(enrolled_on, datetime.date(2011, 12, 25)))
    for w in workers:
        w.refresh_from_db()
    return unit, workers


def hospital_claim(**changes) -> dict:
    data = {
        "plan": Plan.HOSPITAL, "diagnosis": "急性阑尾炎", "hospital": "慈溪市人民医院", "hospital_level": HospitalLevel.LEVEL2,
        "started_on": datetime.date(2012, 5, 3), "ended_on": datetime.date(2012, 5, 10), "total_expense": "6000",
        "expenses": [("床位费", "1000"), ("药品费", "3000"), ("手术费", "2000")],
    }
    data.update(changes)
    return data


def grant_claim(plan=Plan.SERIOUS_DISEASE, diagnosis="恶性肿瘤", **changes) -> dict:
    data = {"plan": plan, "diagnosis": diagnosis, "hospital": "宁波市第一医院", "hospital_level": HospitalLevel.LEVEL3,
            "started_on": datetime.date(2012, 6, 1), "ended_on": None, "total_expense": "0", "expenses": []}
    data.update(changes)
    return data


def pdf(name="出院小结.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% generated for a test\n", content_type="application/pdf")


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))

"""The hardship archive: the whole workflow with who and when, and every refusal the issue names."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.assistance import services
from gonghui.assistance.models import AnnualReview, FileStatus, HardshipFile, SupportingDocument
from gonghui.assistance.tests.conftest import YEAR, apply_for, archive, upload
from gonghui.core.models import AuditEntry
from gonghui.core.roles import Role
from gonghui.testing import id_number, login_as

TODAY = datetime.date.today()


def test_a_household_goes_through_every_step_each_with_who_and_when(world):
    member = world.members["A"][0]
    f = archive(world, "A", member)
    assert f.status == FileStatus.ARCHIVED and f.file_number.startswith("KN")
    assert f.household_size == 3 and f.per_capita_income == 4000  # (9000 + 3000) / 3
    assert f.applied_by == world.users["A", "workplace"] and f.checked_by == world.users["A", "workplace"] and f.checked_at
    assert f.visited_by == world.users["A", Role.CLERK] and f.income_checked_by == world.users["A", Role.CLERK]
    assert f.notice_by == world.users["A", Role.REVIEWER] and f.archived_by == world.users["A", Role.REVIEWER] and f.archived_on == TODAY
    assert f.notice_start < f.notice_end < TODAY
    assert AuditEntry.objects.filter(object_type="assistance.hardshipfile", object_id=str(f.pk)).count() == 6


def test_an_income_at_or_above_the_threshold_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as refused:
        apply_for(world, "A", world.members["A"][0], worker_income="30000")
    assert "不低于当地困难标准6000" in str(refused.value)
    assert not HardshipFile.objects.exists()


def test_a_town_threshold_overrides_the_federations_for_its_own_unions(world):
    services.threshold_set(acting_user=world.users["A", Role.REVIEWER], org=world.town("A"), year=YEAR, per_capita_income="3000")
    with pytest.raises(ValidationError, match="3000"):
        apply_for(world, "A", world.members["A"][0])
    assert apply_for(world, "B", world.members["B"][0]).threshold == 6000


def test_a_person_archived_elsewhere_in_the_federation_is_refused_with_where(world):
    member = world.members["A"][0]
    archive(world, "A", member)
    city_clerk = world.city_reviewer  # a city account sees both towns
    city_clerk.role = Role.CLERK
    city_clerk.save()
    with pytest.raises(ValidationError) as refused:
        services.file_apply(acting_user=city_clerk, member=member, data={"grade": "deep", "cause_main": "illness", "worker_income": "1000"}, family=[])
    assert world.primary("A").name in str(refused.value) and "已建档" in str(refused.value)
    assert HardshipFile.objects.count() == 1


def test_the_income_check_needs_the_papers_and_a_medical_one_for_illness(world):
    f = apply_for(world, "A", world.members["A"][0], cause="illness")
    f = services.file_check(acting_user=world.users["A", "workplace"], hardship_file=f)
    f = services.file_visit(acting_user=world.users["A", Role.CLERK], hardship_file=f, visited_on=TODAY, note="卧床")
    with pytest.raises(ValidationError, match="收入证明、病历/诊断证明"):
        services.file_income_check(acting_user=world.users["A", Role.CLERK], hardship_file=f)
    services.document_add(acting_user=world.users["A", Role.CLERK], hardship_file=f, kind="income", upload=upload())
    with pytest.raises(ValidationError, match="病历"):
        services.file_income_check(acting_user=world.users["A", Role.CLERK], hardship_file=f)
    assert HardshipFile.objects.get(pk=f.pk).status == FileStatus.VISITED


def test_a_workplace_clerk_cannot_visit_nor_publish_and_steps_cannot_be_skipped(world):
    f = apply_for(world, "A", world.members["A"][0])
    with pytest.raises(PermissionDenied):
        services.file_visit(acting_user=world.users["A", "workplace"], hardship_file=f, visited_on=TODAY, note="x")
    with pytest.raises(ValidationError, match="不能办理这一步"):
        services.file_income_check(acting_user=world.users["A", Role.CLERK], hardship_file=f)
    with pytest.raises(PermissionDenied):
        services.file_publish_notice(acting_user=world.users["A", Role.CLERK], hardship_file=f, start=TODAY, end=TODAY, place="x")


def test_a_notice_shorter_than_five_days_is_refused_and_archiving_waits_for_its_end(world):
    f = apply_for(world, "A", world.members["A"][0])
    clerk, reviewer = world.users["A", Role.CLERK], world.users["A", Role.REVIEWER]
    f = services.file_check(acting_user=world.users["A", "workplace"], hardship_file=f)
    f = services.file_visit(acting_user=clerk, hardship_file=f, visited_on=TODAY, note="走访")
    services.document_add(acting_user=clerk, hardship_file=f, kind="income", upload=upload())
    f = services.file_income_check(acting_user=clerk, hardship_file=f)
    with pytest.raises(ValidationError, match="不少于5天"):
        services.file_publish_notice(acting_user=reviewer, hardship_file=f, start=TODAY, end=TODAY + datetime.timedelta(days=2), place="公开栏")
    f = services.file_publish_notice(acting_user=reviewer, hardship_file=f, start=TODAY, end=TODAY + datetime.timedelta(days=6), place="公开栏")
    with pytest.raises(ValidationError, match="公示期满后"):
        services.file_archive(acting_user=reviewer, hardship_file=f)
    assert HardshipFile.objects.get(pk=f.pk).status == FileStatus.NOTICE


def test_the_annual_review_keeps_a_household_still_below_and_exits_one_above(world):
    services.threshold_set(acting_user=world.city_reviewer, org=world.city.federation, year=YEAR + 1, per_capita_income="6500")
    poor, better = archive(world, "A", world.members["A"][0]), archive(world, "A", world.members["A"][1])
    reviewer = world.users["A", Role.REVIEWER]
    kept = services.file_review(acting_user=reviewer, hardship_file=poor, year=YEAR + 1, worker_income="9000", other_income="0", grade="relative")
    assert kept.outcome == "regraded" and HardshipFile.objects.get(pk=poor.pk).status == FileStatus.ARCHIVED
    with pytest.raises(ValidationError, match="已复核"):
        services.file_review(acting_user=reviewer, hardship_file=poor, year=YEAR + 1, worker_income="9000", other_income="0", grade="relative")
    out = services.file_review(acting_user=reviewer, hardship_file=better, year=YEAR + 1, worker_income="40000", other_income="0", grade="relative")
    assert out.outcome == "exit"
    exited = HardshipFile.objects.get(pk=better.pk)
    assert exited.status == FileStatus.EXITED and exited.exit_reason and AnnualReview.objects.count() == 2


def test_an_exit_needs_a_reason_and_then_the_person_may_apply_again(world):
    member = world.members["A"][0]
    f = archive(world, "A", member)
    with pytest.raises(ValidationError, match="脱困原因"):
        services.file_exit(acting_user=world.users["A", Role.REVIEWER], hardship_file=f, on=TODAY, reason=" ")
    services.file_exit(acting_user=world.users["A", Role.REVIEWER], hardship_file=f, on=TODAY, reason="再就业，收入稳定")
    assert apply_for(world, "A", member).status == FileStatus.APPLIED


def test_a_document_must_be_a_pdf_or_image_by_content_and_is_kept_outside_the_web_root(world, settings):
    f = apply_for(world, "A", world.members["A"][0])
    clerk = world.users["A", Role.CLERK]
    with pytest.raises(ValidationError, match="PDF、JPG或PNG"):
        services.document_add(acting_user=clerk, hardship_file=f, kind="income", upload=upload("证明.pdf", b"<html><script>alert(1)</script>"))
    assert not SupportingDocument.objects.exists()
    document = services.document_add(acting_user=clerk, hardship_file=f, kind="income", upload=upload())
    stored = settings.VAR_DIR / "assistance" / "documents" / document.stored_name
    assert stored.read_bytes().startswith(b"%PDF") and not str(stored).startswith(str(settings.STATIC_ROOT))


def test_a_document_is_served_to_its_town_only_and_each_opening_is_audited(world):
    f = apply_for(world, "A", world.members["A"][0])
    document = services.document_add(acting_user=world.users["A", Role.CLERK], hardship_file=f, kind="income", upload=upload())
    url = reverse("assistance:document-download", args=[document.pk])
    own = login_as(Client(), world.users["A", Role.CLERK]).get(url)
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="reveal", object_type="assistance.supportingdocument").count() == 1
    assert login_as(Client(), world.users["B", Role.CLERK]).get(url).status_code == 404
    assert login_as(Client(), world.users["A", Role.LEADER]).get(url).status_code == 403


def test_the_apply_page_refuses_bad_input_on_the_field_and_keeps_nothing(world):
    client = login_as(Client(), world.users["A", "workplace"])
    form = {"id_number": id_number(41), "grade": "deep", "cause_main": "illness", "worker_income": "1000", "applied_on": TODAY.isoformat(),
            "family-TOTAL_FORMS": "1", "family-INITIAL_FORMS": "0", "family-0-name": "<script>x</script>", "family-0-relation": "子女", "family-0-birth_year": "2005"}
    response = client.post(reverse("assistance:file-apply"), form)
    assert response.status_code == 200 and "不在您的管辖范围内" in response.content.decode()
    form["id_number"] = id_number(11)
    response = client.post(reverse("assistance:file-apply"), form, follow=True)
    f = HardshipFile.objects.get()
    assert f.family.get().name == "<script>x</script>" and "<script>x</script>" not in response.content.decode()

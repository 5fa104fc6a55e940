"""The service centre's pages: a case registered and moved through its steps by form posts,
attachments checked and served only in scope, lists exported, figures shown."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.service import services
from gonghui.service.models import Case, CaseAttachment
from gonghui.service.services.attachments import MAX_BYTES, attachment_dir
from gonghui.service.tests.conftest import case_data
from gonghui.testing import login_as

PDF = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_of(user):
    return login_as(Client(), user)


def test_a_town_clerk_registers_a_case_by_the_form_and_assigns_it_to_a_point(world):
    client = client_of(world.clerks["A"])
    response = client.post(reverse("service:case-create"), {
        "channel": "call", "received_on": "2012-05-07", "category": "wage_arrears", "reporter_name": "周来电", "reporter_phone": "13905741234",
        "enterprise_name": "某某针织厂", "workers_count": "2", "amount_involved": "8000", "worker_names": "周来电\n吴同事", "description": "工资未发",
    })
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("service:case-detail", args=[case.pk])
    assert case.workers.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "13905741234" not in page and "周来电" in page
    response = client.post(reverse("service:case-assign", args=[case.pk]), {"to_org": str(world.villages["A"].pk), "reason": "属地"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.org == world.villages["A"] and case.status == "assigned"


def test_a_form_post_with_bad_input_shows_the_reason_and_saves_nothing(world):
    client = client_of(world.clerks["A"])
    response = client.post(reverse("service:case-create"), {
        "channel": "call", "received_on": "2012-05-07", "category": "wage_arrears", "reporter_name": "周来电",
        "workers_count": "1", "amount_involved": "-5", "description": "工资未发",
    })
    assert response.status_code == 400
    assert "涉及金额不能为负数" in response.content.decode()
    assert not Case.objects.exists()


def test_a_case_cannot_be_assigned_by_form_to_another_towns_point(world):
    case = services.case_register(acting_user=world.clerks["A"], data=case_data())
    response = client_of(world.clerks["A"]).post(reverse("service:case-assign", args=[case.pk]), {"to_org": str(world.villages["B"].pk)})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == "registered"


def test_a_pdf_is_kept_outside_the_web_root_and_served_only_in_scope(world):
    case = services.case_register(acting_user=world.clerks["A"], data=case_data())
    client = client_of(world.clerks["A"])
    client.post(reverse("service:case-attachment-add", args=[case.pk]), {"file": SimpleUploadedFile("工资条.pdf", PDF, "application/pdf")})
    attachment = CaseAttachment.objects.get()
    stored = attachment_dir() / attachment.stored_name
    assert stored.read_bytes() == PDF and "工资条" not in attachment.stored_name
    response = client.get(reverse("service:attachment-download", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_of(world.clerks["B"]).get(reverse("service:attachment-download", args=[attachment.pk])).status_code == 404


@pytest.mark.parametrize("name,content,message", [
    ("病毒.exe", b"MZ\x90\x00", "不支持的文件类型"),
    ("伪装.pdf", b"MZ\x90\x00 not a pdf", "文件内容与扩展名"),
    ("过大.pdf", b"%PDF" + b"0" * MAX_BYTES, "文件过大"),
])
def test_a_forbidden_or_oversized_attachment_is_refused_and_nothing_is_kept(world, name, content, message):
    case = services.case_register(acting_user=world.clerks["A"], data=case_data())
    files_before = set(attachment_dir().glob("*"))
    response = client_of(world.clerks["A"]).post(reverse("service:case-attachment-add", args=[case.pk]), {"file": SimpleUploadedFile(name, content)}, follow=True)
    assert message in response.content.decode()
    assert not CaseAttachment.objects.exists()
    assert set(attachment_dir().glob("*")) == files_before


def test_the_case_list_exports_to_excel_what_the_filter_shows(world):
    services.case_register(acting_user=world.clerks["A"], data=case_data())
    services.case_register(acting_user=world.clerks["A"], data=case_data(channel="visit", enterprise_name="来访企业"))
    response = client_of(world.clerks["A"]).get(reverse("service:case-list") + "?channel=visit&export=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "案件编号" and len(rows) == 2 and "来访企业" in rows[1]


@pytest.mark.parametrize("url_name", ["case-list", "case-overdue", "site-list", "pairing-list", "activity-list", "firm-list", "warning-list",
                                      "incident-list", "group-list", "certificate-list", "time-limits", "figures", "case-create", "site-create",
                                      "pairing-create", "warning-create", "incident-create", "group-create", "firm-create"])
def test_every_page_opens_for_a_clerk_and_is_refused_to_the_system_administrator(world, url_name):
    from gonghui.core.roles import Role
    from gonghui.testing import make_user

    assert client_of(world.clerks["A"]).get(reverse(f"service:{url_name}")).status_code == 200
    admin = make_user(Role.SYSTEM_ADMIN, world.city.federation)
    assert client_of(admin).get(reverse(f"service:{url_name}")).status_code in (302, 403)


def test_the_figures_page_shows_the_year_s_cases_for_the_users_node(world):
    services.case_register(acting_user=world.clerks["A"], data=case_data(amount_involved="8000"))
    page = client_of(world.city_clerk).get(reverse("service:figures") + "?year=2012").content.decode()
    assert 'data-code="service.amount_involved"' in page and "8000.00" in page
    page_b = client_of(world.clerks["B"]).get(reverse("service:figures") + "?year=2012").content.decode()
    assert "8000.00" not in page_b


def test_the_reporters_whole_phone_is_shown_only_with_the_grant_and_audited(world):
    from gonghui.core.models import AuditEntry

    case = services.case_register(acting_user=world.clerks["A"], data=case_data())
    url = reverse("service:case-phone-reveal", args=[case.pk])
    assert client_of(world.clerks["A"]).post(url).status_code == 403
    world.clerks["A"].can_reveal = True
    world.clerks["A"].save(update_fields=["can_reveal"])
    response = client_of(world.clerks["A"]).post(url)
    assert "13905741234" in response.content.decode()
    assert AuditEntry.objects.filter(action="reveal", object_id=str(case.pk)).exists()

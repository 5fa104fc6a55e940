"""The service card in a real browser: a clerk issues cards for a union, a member opens the
e-card on the phone page, a merchant scans it (the token pasted as a scanner would type it)
and records a use, a lost card is replaced and its old number refused at the counter.

Screenshots go to /tmp/gonghui-shots/ for a person to look at."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from gonghui.cards.models import Card, CardStatus, CardUse
from gonghui.cards.tests.conftest import add_percent_benefit, add_store, register_member, sign_partner
from gonghui.core.roles import Role
from gonghui.testing import TEST_PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/gonghui-shots")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"cards-{name}.png"), full_page=True)


def sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.locator(".alert").all_inner_texts()


def sign_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_issue_open_the_e_card_verify_record_and_replace_a_lost_card(city, browser_page, live_server):
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    town = city.town_a
    union = next(p for p in city.primaries if p.path.startswith(town.path))
    clerk = make_user(Role.CLERK, town, username="xushan-clerk")
    members = [register_member(clerk, union, 61 + i, name=name, mobile=f"1370000{61 + i:04d}") for i, name in enumerate(["陈浒明", "李浒芳"])]
    partner = sign_partner(clerk, town, name="浒山惠民大药房", contract_number="HZ-2012-009")
    store = add_store(clerk, partner, town, "浒山惠民大药房总店")
    add_percent_benefit(clerk, partner)
    merchant = make_user(Role.MERCHANT, town, username="yaofang-till")
    merchant.partner = partner
    merchant.save(update_fields=["partner"])
    holder = make_user(Role.MEMBER, union, username="chen-phone")
    holder.member = members[0]
    holder.save(update_fields=["member"])

    # A clerk issues cards for the union, and gets the issue list to print.
    sign_in(page, live_server.url, clerk.username)
    page.locator("nav.navbar").get_by_role("link", name="服务卡", exact=True).click()
    page.get_by_role("link", name="批量发卡").click()
    page.get_by_label("发卡范围").fill(union.code)
    page.get_by_role("button", name="批量发卡").click()
    page.wait_for_url(re.compile(r"/cards/batches/\d+/$"))
    rows = page.locator("table.list-table tbody tr")
    assert rows.count() == 2
    assert "陈浒明" in rows.all_inner_texts()[0] + rows.all_inner_texts()[1]
    shot(page, "issue-list")
    card = Card.objects.get(member=members[0])
    sign_out(page)

    # The member opens the e-card on the phone.
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, holder.username)
    page.wait_for_url(re.compile(r"/cards/ecard/$"))
    assert page.locator("#ecard-qr svg").is_visible()
    assert page.locator("#ecard-number").inner_text() == card.number_display
    token = page.locator("#ecard-token").text_content().strip()
    shot(page, "ecard")
    page.set_viewport_size({"width": 1280, "height": 900})  # the phone's menu is folded away
    sign_out(page)

    # The merchant scans it (a scanner types the token into the box) and records a use.
    sign_in(page, live_server.url, merchant.username)
    page.wait_for_url(re.compile(r"/cards/counter/$"))
    page.get_by_label("卡号或电子卡码").fill(token)
    page.get_by_role("button", name="核验").click()
    assert "有效" in page.locator("#verdict-title").inner_text()
    assert page.locator("#holder").inner_text() == "陈*明"
    assert "9折" in page.locator("#offers").inner_text()
    shot(page, "counter-valid")
    page.get_by_label("消费金额(元)").fill("128.00")
    page.get_by_role("button", name="记录本次消费").click()
    page.wait_for_url(re.compile(r"/cards/counter/$"))
    assert "已记录" in page.locator(".alert").first.inner_text()
    use = CardUse.objects.get()
    assert (use.store, str(use.amount), str(use.discount), use.via) == (store, "128.00", "12.80", "ecard")
    # The same token again: spent.
    page.get_by_label("卡号或电子卡码").fill(token)
    page.get_by_role("button", name="核验").click()
    assert "已使用过" in page.locator("#verdict-title").inner_text()
    sign_out(page)

    # The card is lost: the clerk reports it and replaces it.
    sign_in(page, live_server.url, clerk.username)
    page.goto(f"{live_server.url}/cards/{card.pk}/")
    page.get_by_role("link", name="挂失").click()
    page.get_by_label("原因").fill("钱包遗失")
    page.get_by_role("button", name="挂失").click()
    assert page.locator("#card-status").inner_text() == "已挂失"
    page.get_by_role("link", name="补换").click()
    page.get_by_label("补换原因").fill("遗失补办")
    page.get_by_role("button", name="补换新卡").click()
    page.wait_for_url(re.compile(r"/cards/\d+/$"))
    new_number = page.locator("#card-number").inner_text().replace(" ", "")
    assert new_number != card.number
    assert "补换" in page.locator("#history").inner_text()
    shot(page, "replaced")
    card.refresh_from_db()
    assert card.status == CardStatus.REPLACED and card.ended_on == timezone.localdate()
    sign_out(page)

    # The old number is refused at the counter; the new one works.
    sign_in(page, live_server.url, merchant.username)
    page.get_by_label("卡号或电子卡码").fill(card.number_display)
    page.get_by_role("button", name="核验").click()
    assert "已补换" in page.locator("#verdict-title").inner_text()
    shot(page, "counter-old-refused")
    page.get_by_label("卡号或电子卡码").fill(new_number)
    page.get_by_role("button", name="核验").click()
    assert "有效" in page.locator("#verdict-title").inner_text()

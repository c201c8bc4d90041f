"""The shift's dashboard in a real browser (headless Chromium)."""

from __future__ import annotations

from .conftest import screenshot, seed, sign_in


def test_login_and_logout(page, served):
    base, _ = served
    page.goto(f"{base}/queue")
    assert page.url.startswith(f"{base}/login")
    sign_in(page, base, "op1")
    assert page.url == f"{base}/queue"
    assert "op1" in page.inner_text("[data-testid=user]")
    page.click("text=Выйти")
    assert page.url == f"{base}/login"
    page.goto(f"{base}/queue")
    assert page.url.startswith(f"{base}/login")


def test_wrong_password(page, served):
    base, _ = served
    sign_in(page, base, "op2", "not-the-password")
    assert "Неверный логин или пароль" in page.inner_text("[data-testid=login-error]")
    assert page.url.startswith(f"{base}/login")


def test_sector_lead_sees_and_acts_only_on_its_sector(page, served):
    base, world = served
    sign_in(page, base, "lead_housing")
    page.goto(f"{base}/queue?status=all")
    shown = {int(x) for x in page.locator("[data-testid=queue-row] td:first-child a")
             .all_inner_texts()}
    assert {world["water"], world["hostile"]} <= shown
    assert not shown & {world["road"], world["school"]}
    assert page.locator("[data-testid=f-sector]").count() == 0
    page.goto(f"{base}/incidents/{world['road']}")
    assert "другому сектору" in page.inner_text("[data-testid=error]")


def test_queue_filters_keyboard_and_screenshot(page, served):
    base, world = served
    sign_in(page, base, "admin")
    page.goto(f"{base}/queue?status=all")
    screenshot(page, "queue.png")
    page.select_option("[data-testid=f-level]", "high")
    page.click("#filters button[type=submit]")
    ids = page.locator("[data-testid=queue-row] td:first-child a").all_inner_texts()
    assert ids == [str(world["road"])]
    page.goto(f"{base}/queue?status=all&municipality=smidovich_district")
    assert page.locator("[data-testid=queue-row]").count() == 1
    page.goto(f"{base}/queue?status=all&overdue=1")
    assert page.locator("[data-testid=queue-row] td:first-child a").all_inner_texts() == \
        [str(world["water"])]
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/incidents/{world['water']}")
    assert page.console_errors == []


def test_claim_answer_resolve(page, served):
    base, world = served
    sign_in(page, base, "op1")
    page.goto(f"{base}/incidents/{world['road']}")
    page.click("[data-testid=claim]")
    assert "взят в работу" in page.inner_text("[data-testid=note]")
    assert page.inner_text("[data-testid=assignee]") == "op1"
    page.fill("[data-testid=answer-text]", "Яму засыпали, ремонт выполнен")
    page.fill("[data-testid=answer-url]", "https://vk.com/wall-1_5001?reply=9")
    page.click("[data-testid=record-answer]")
    assert page.inner_text("[data-testid=status]") == "дан ответ"
    page.select_option("[data-testid=to-status]", "resolved")
    page.click("[data-testid=change-status]")
    assert page.inner_text("[data-testid=status]") == "решён"
    history = page.inner_text("[data-testid=history]")
    assert "op1" in history and "Яму засыпали" in history
    screenshot(page, "incident.png")


def test_correction(page, served):
    base, world = served
    sign_in(page, base, "op2")
    page.goto(f"{base}/incidents/{world['school']}")
    page.click("text=Исправить оценку")
    page.select_option("[data-testid=correct-sector]", "health")
    page.click("[data-testid=save-correction]")
    assert "Исправление сохранено" in page.inner_text("[data-testid=note]")
    assert "сектор → health (op2)" in page.inner_text("[data-testid=labels]")


def test_hostile_post_is_inert_text(page, served):
    base, world = served
    sign_in(page, base, "op1")
    page.goto(f"{base}/incidents/{world['hostile']}")
    text = page.inner_text("[data-testid=post-text]")
    assert text == seed.HOSTILE_TEXT
    assert page.inner_text("[data-testid=author]") == seed.HOSTILE_AUTHOR
    assert page.locator("main img").count() == 0
    assert page.locator("main script").count() == 0
    page.wait_for_timeout(200)
    assert page.dialogs == [] and page.console_errors == []


def test_report_page_screenshot(page, served):
    base, _ = served
    sign_in(page, base, "admin")
    page.goto(f"{base}/reports/{seed.MONDAY.date().isoformat()}")
    assert "Ежедневный отчёт Радара" in page.inner_text("h1")
    assert page.locator("svg.chart").count() >= 2
    assert page.console_errors == []
    screenshot(page, "report.png")

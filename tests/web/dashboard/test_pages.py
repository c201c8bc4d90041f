"""Sources health, the risk map with trends, and the report pages."""

from types import SimpleNamespace

from pipeline.store.sources import mark_failure, record_event
from pipeline.store.types import utcnow


def test_sources_health_shows_errors_events_and_live_config_problems(as_user, app, store):
    with store.transaction() as conn:
        mark_failure(conn, "vk-test", "HTTP 500 <b>bad gateway</b>")
        record_event(conn, "vk-test", "error", "ответ 500 от api.vk.ru")
    app.state.config_watcher = SimpleNamespace(errors=["config.yaml:12: unknown key 'intervl'"])
    page = as_user("op1").get("/sources").text
    assert "config.yaml:12: unknown key" in page  # shown while the last good config runs
    assert "HTTP 500 &lt;b&gt;bad gateway&lt;/b&gt;" in page
    assert "ответ 500 от api.vk.ru" in page


def test_heatmap_cells_and_trend_charts(as_user, world):
    page = as_user("admin").get("/map?days=7").text
    assert 'href="/queue?status=all&amp;sector=housing&amp;municipality=birobidzhan"' in page
    assert 'class="lvl-critical"' in page and 'class="lvl-high"' in page
    assert page.count("<svg") == 2 and "Сообщения по часам суток" in page


def test_report_page_and_xlsx_for_operators(as_user, world):
    client = as_user("op1")
    html = client.get("/reports/2026-11-23")
    assert html.status_code == 200 and "Ежедневный отчёт Радара за 23.11.2026" in html.text
    assert "&lt;script&gt;" in html.text and "<script>alert" not in html.text
    xlsx = client.get("/reports/2026-11-23.xlsx")
    assert xlsx.content[:2] == b"PK" and "radar-report-2026-11-23.xlsx" in \
        xlsx.headers["content-disposition"]
    assert client.get("/reports/not-a-day").status_code == 404
    assert client.get("/reports", follow_redirects=False).headers["location"].startswith(
        "/reports/2026-11-2")


def test_unknown_incident_is_a_page_not_a_crash(as_user):
    answer = as_user("op1").get("/incidents/99999")
    assert answer.status_code == 404 and "не найден" in answer.text
    assert utcnow()  # the app clock is pinned; the store clock is real

"""The session vk_api talks through: the configured API URL and a timeout, no patching."""

from __future__ import annotations

import socket

import pytest
import requests

from crawlers.vk.session import LIBRARY_PREFIX, make_session
from fakes.vk_api import FakeVkApi


def test_library_urls_go_to_the_configured_api_url():
    with FakeVkApi() as fake:
        fake.world.add_group("g", 5)
        session, adapter = make_session(fake.api_url, timeout=5)
        answer = session.post(LIBRARY_PREFIX + "groups.getById",
                              data={"group_id": 5, "access_token": "t", "v": "5.199"})
        assert answer.json()["response"]["groups"][0]["id"] == 5
        assert adapter.last_body() == answer.text
        assert fake.requests[-1][0] == "groups.getById"


def test_a_silent_server_times_out():
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/method/"
        session, _ = make_session(url, timeout=0.2)
        with pytest.raises(requests.Timeout):
            session.post(LIBRARY_PREFIX + "wall.get", data={"owner_id": 1})


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_malformed_json_is_a_clear_failure(vk, eaomedia):
    import http.server
    import threading

    class Garbage(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", "10")
            self.end_headers()
            self.wfile.write(b"<html>oops")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        vk.configure([vk.source()], api_url=f"http://127.0.0.1:{server.server_address[1]}/method/")
        report = vk.crawl("vk-wall")
        assert report.status == "failing" and "not JSON" in report.error
    finally:
        server.shutdown()
        server.server_close()

"""The HTTP session vk_api talks through: configured API URL and a timeout.

vk_api always posts to ``https://api.vk.ru/method/<name>`` and never sets a
timeout. Rather than patching the library, its ``requests.Session`` gets a
transport adapter that rewrites that prefix to ``vk.api_url`` and adds the
timeout. It also keeps the last response body per thread, so the raw response
stored is byte for byte what the server sent.
"""

from __future__ import annotations

import threading

import requests
from requests.adapters import HTTPAdapter

LIBRARY_PREFIX = "https://api.vk.ru/method/"
USER_AGENT = "radar-vk-collector/1.0 (+vk_api)"


class ApiUrlAdapter(HTTPAdapter):
    def __init__(self, api_url: str, timeout: float) -> None:
        super().__init__(max_retries=0)  # retries are the policy module's job
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self.timeout = timeout
        self._local = threading.local()

    def send(self, request, **kwargs):
        if request.url.startswith(LIBRARY_PREFIX):
            request.url = self.api_url + request.url[len(LIBRARY_PREFIX):]
        kwargs["timeout"] = self.timeout
        response = super().send(request, **kwargs)
        self._local.body = response.content
        return response

    def last_body(self) -> str:
        body = getattr(self._local, "body", b"")
        return body.decode("utf-8", "replace")


def make_session(api_url: str, timeout: float) -> tuple[requests.Session, ApiUrlAdapter]:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    adapter = ApiUrlAdapter(api_url, timeout)
    session.mount(LIBRARY_PREFIX, adapter)
    return session, adapter

"""One VK token's API client: vk_api underneath, the policy module around it.

Every request goes through: the credential's block list (error 5 stops all
callers at once), the daily method quota, the rate limiter shared by every
source on the token, and bounded retries with jitter for network errors, 5xx
and error 6 — vk_api's own endless error-6 loop and its fixed sleep are
switched off through its handler hooks.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import requests
from jconfig.memory import MemoryConfig
from vk_api import VkApi
from vk_api.exceptions import ApiError, ApiHttpError, Captcha

from crawlers.errors import AdminAttention, SourceWait
from crawlers.policy import (
    Backoff,
    DailyQuota,
    RateLimiter,
    block_credential,
    credential_blocked,
    retry,
)
from crawlers.vk import errors as E
from crawlers.vk.session import ApiUrlAdapter, make_session
from pipeline.store.raw import RawResponse

EXECUTE_MAX = 25
_no_execute: set[str] = set()  # credentials VK refused execute for (service tokens)


class _VkApi(VkApi):
    """vk_api with its sleeping and retrying switched off: the policy module decides."""

    RPS_DELAY = 0.0

    def too_many_rps_handler(self, error):
        return None  # raise it; our capped backoff retries, not an endless loop

    def need_validation_handler(self, error):
        return None

    def captcha_handler(self, captcha):
        raise captcha


class CallFailed(Exception):
    """An API error for one call that the caller may treat per item (e.g. comments closed)."""

    def __init__(self, error: E.VkCallError) -> None:
        super().__init__(str(error))
        self.error = error


class VkClient:
    def __init__(self, *, token: str, credential: str, api_url: str, api_version: str,
                 timeout: float, limiter: RateLimiter, quota: DailyQuota,
                 execute_allowed: bool, backoff: Backoff = Backoff(base=1.0, cap=30.0),
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.credential = credential
        self.api_version = api_version
        self.limiter, self.quota, self.backoff, self.sleep = limiter, quota, backoff, sleep
        self.execute_allowed = execute_allowed
        session, self._adapter = make_session(api_url, timeout)
        self._api = _VkApi(token=token, api_version=api_version, session=session,
                           config=MemoryConfig)
        self.requests_sent = 0

    @property
    def adapter(self) -> ApiUrlAdapter:
        return self._adapter

    # -- plain calls -------------------------------------------------------------------
    def call(self, method: str, params: dict, note: dict | None = None
             ) -> tuple[RawResponse, Any]:
        """One method; raises CallFailed for per-item errors, a SourceError otherwise.
        ``note`` is stored with the request (e.g. what the mapper should expect)."""
        request = {"method": method, "params": params, **(note or {})}
        raw, body = self._send(method, params, {method: 1}, request)
        if "error" in body:
            raise self._failure(E.VkCallError(method, *_code_msg(body["error"])))
        return raw, body.get("response")

    # -- batches -----------------------------------------------------------------------
    def batch(self, calls: Sequence[tuple], note: dict | None = None
              ) -> tuple[list[RawResponse], list[Any]]:
        """Several ``(method, params[, call note])`` calls, through ``execute`` when allowed;
        per-item errors come back as ``VkCallError`` values in the result list."""
        if len(calls) > 1 and self.can_execute():
            done = self._execute(calls, note or {})
            if done is not None:
                return done
        raws, results = [], []
        for method, params, extra in map(_parts, calls):
            try:
                raw, value = self.call(method, params, {**(note or {}), **extra})
            except CallFailed as failed:
                results.append(failed.error)
                continue
            raws.append(raw)
            results.append(value)
        return raws, results

    def can_execute(self) -> bool:
        return self.execute_allowed and self.credential not in _no_execute

    def _execute(self, calls: Sequence[tuple], note: dict):
        if len(calls) > EXECUTE_MAX:
            raise ValueError(f"execute takes at most {EXECUTE_MAX} calls")
        parts = [_parts(call) for call in calls]
        counts: dict[str, int] = {}
        for method, _, _ in parts:
            counts[method] = counts.get(method, 0) + 1
        code = "return [" + ",".join(
            f"API.{m}({json.dumps(p, ensure_ascii=False)})" for m, p, _ in parts) + "];"
        raw, body = self._send("execute", {"code": code}, counts,
                               request={"method": "execute", "calls": [
                                   {"method": m, "params": p, **x} for m, p, x in parts],
                                   **note})
        if "error" in body:
            error = E.VkCallError("execute", *_code_msg(body["error"]))
            if error.code == E.SERVICE_TOKEN_REFUSED:
                _no_execute.add(self.credential)
                return None
            if error.code == E.QUOTA_REACHED:  # spent by one of the calls inside
                for method in counts:
                    self.quota.exhausted(method)
            raise self._failure(error)
        return [raw], self._execute_results(calls, body)

    def _execute_results(self, calls, body: dict) -> list[Any]:
        values = body.get("response")
        if not isinstance(values, list) or len(values) != len(calls):
            raise E.to_source_error(E.VkCallError(
                "execute", 0, f"malformed execute answer: {str(values)[:200]}"), self.credential)
        errors = iter(body.get("execute_errors") or [])
        results: list[Any] = []
        for (method, *_), value in zip(calls, values, strict=True):
            if value is False:
                entry = next(errors, {"error_code": 0, "error_msg": "unknown"})
                error = E.VkCallError(entry.get("method", method), *_code_msg(entry))
                if error.code not in E.PER_ITEM:
                    raise self._failure(error)
                value = error
            results.append(value)
        return results

    # -- the wire ----------------------------------------------------------------------
    def _send(self, method: str, params: dict, counts: dict[str, int],
              request: dict | None = None) -> tuple[RawResponse, dict]:
        blocked = credential_blocked(self.credential)
        if blocked:
            raise AdminAttention(blocked, self.credential)
        values = {k: _param(v) for k, v in params.items()}

        def attempt() -> dict:
            for counted, n in counts.items():
                wait = self.quota.take(counted, n)
                if wait is not None:
                    raise SourceWait(f"daily quota of {counted} is spent for this token", wait)
            self.limiter.acquire()
            self.requests_sent += 1
            return self._api.method(method, values, raw=True)

        try:
            body = retry(attempt, _transient, self.backoff, self.sleep)
        except (ApiError, Captcha) as exc:
            body = {"error": _error_dict(exc)}
        except ApiHttpError as exc:
            raise E.to_source_error(E.VkCallError(
                method, E.INTERNAL, f"HTTP {exc.response.status_code}"), self.credential) from None
        except requests.JSONDecodeError:
            raise E.to_source_error(E.VkCallError(
                method, E.INTERNAL, "malformed answer: not JSON"), self.credential) from None
        except requests.RequestException as exc:
            raise E.to_source_error(E.VkCallError(
                method, E.INTERNAL, f"network: {type(exc).__name__}"), self.credential) from None
        shown = request or {"method": method, "params": params}
        raw = RawResponse(request=json.dumps({**shown, "v": self.api_version},
                                             ensure_ascii=False, sort_keys=True),
                          payload=self._adapter.last_body() or json.dumps(body),
                          fetched_at=datetime.now(UTC))
        return raw, body

    def _failure(self, error: E.VkCallError) -> Exception:
        if error.code in E.PER_ITEM:
            return CallFailed(error)
        if error.code == E.QUOTA_REACHED:
            wait = self.quota.exhausted(error.method)
            return SourceWait(f"VK says the daily limit of {error.method} is reached "
                              "(error 29)", wait)
        exc = E.to_source_error(error, self.credential)
        if isinstance(exc, AdminAttention):
            block_credential(self.credential, exc.reason)
        return exc


def _parts(call: tuple) -> tuple[str, dict, dict]:
    return call[0], call[1], (call[2] if len(call) > 2 else {})


def _transient(exc: Exception) -> bool:
    if isinstance(exc, ApiHttpError):
        return exc.response.status_code >= 500 or exc.response.status_code == 429
    if isinstance(exc, ApiError):
        return exc.code in E.RETRIED
    return isinstance(exc, requests.ConnectionError | requests.Timeout)


def _error_dict(exc: ApiError | Captcha) -> dict:
    if isinstance(exc, Captcha):
        return {"error_code": E.CAPTCHA, "error_msg": "Captcha needed"}
    return exc.error


def _code_msg(error: Any) -> tuple[int, str]:
    if not isinstance(error, dict):
        return 0, f"malformed error: {str(error)[:200]}"
    return int(error.get("error_code", 0)), str(error.get("error_msg", ""))


def _param(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return value

"""The webhook receiver checks signatures, drops repeated deliveries, fails and holds on cue."""

import json
import threading

import httpx
import pytest

from fakes.webhook import WebhookReceiver, sign


@pytest.fixture
def receiver():
    with WebhookReceiver("k") as server:
        yield server


def post(receiver, body: dict, secret="k", delivery="1"):
    raw = json.dumps(body).encode()
    return httpx.post(receiver.url, content=raw, timeout=5, headers={
        "X-Radar-Signature": sign(secret, raw), "X-Radar-Delivery": delivery,
        "Content-Type": "application/json"})


def test_signature_is_checked(receiver):
    assert post(receiver, {"a": 1}).status_code == 200
    assert post(receiver, {"a": 1}, secret="other").status_code == 401
    assert receiver.rejected == 1 and len(receiver.received) == 1


def test_a_repeated_delivery_is_processed_once(receiver):
    post(receiver, {"n": 1}, delivery="7")
    post(receiver, {"n": 2}, delivery="7")
    assert len(receiver.received) == 2 and receiver.accepted == {"7": {"n": 1}}


def test_failures_on_cue(receiver):
    receiver.fail_next(1, status=502)
    assert post(receiver, {}).status_code == 502
    assert post(receiver, {}, delivery="2").status_code == 200


def test_hold_and_release(receiver):
    receiver.hold_after(0)
    result = {}
    thread = threading.Thread(target=lambda: result.update(r=post(receiver, {"x": 1})))
    thread.start()
    assert receiver.holding.wait(5)
    assert "r" not in result
    receiver.release()
    thread.join(5)
    assert result["r"].status_code == 200

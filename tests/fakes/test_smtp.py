"""The SMTP sink receives what smtplib sends, with or without login."""

import smtplib
from email.message import EmailMessage

import pytest

from fakes.smtp import SmtpSink


def message() -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = "Проверка", "a@example.org", "b@example.org"
    msg.set_content("Текст по-русски")
    return msg


def test_receives_a_message():
    with SmtpSink() as sink, smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as client:
        client.send_message(message())
    assert sink.messages[0]["Subject"] == "Проверка"
    assert sink.messages[0].get_content().strip() == "Текст по-русски"
    assert sink.envelopes == [("a@example.org", ["b@example.org"])]


def test_login_is_checked():
    with SmtpSink(user="u", password="p") as sink:
        with (smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as client,
              pytest.raises(smtplib.SMTPAuthenticationError)):
            client.login("u", "wrong")
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as client:
            client.login("u", "p")
            client.send_message(message())
    assert sink.logins == ["u"] and len(sink.messages) == 1

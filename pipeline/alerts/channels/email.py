"""E-mail through SMTP (smtplib): STARTTLS when the server offers it, login when configured.

The Message-ID is derived from the outbox row, so a repeat after a crash is recognisable.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate

from pipeline.alerts.channels import DeliveryError
from pipeline.config.model import AlertChannel, Config
from pipeline.config.secrets import read_secret


class EmailSender:
    def __init__(self, channel: AlertChannel, config: Config):
        self.channel = channel
        self.timeout = config.alerts.timeout.total_seconds()

    def message(self, delivery_id: int, payload: dict) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = f"[Радар] {payload['title']}"
        message["From"] = self.channel.sender or "radar@localhost"
        message["To"] = ", ".join(self.channel.to or [])
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = f"<radar-alert-{delivery_id}@radar>"
        message.set_content(payload["text"])
        return message

    def send(self, delivery_id: int, payload: dict) -> None:
        if not self.channel.to:
            raise DeliveryError("email channel has no recipients (to)")
        host, port = self.channel.smtp_host or "localhost", self.channel.smtp_port or 25
        try:
            with smtplib.SMTP(host, port, timeout=self.timeout) as smtp:
                self._login(smtp)
                smtp.send_message(self.message(delivery_id, payload))
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP {host}:{port} {exc.__class__.__name__}: {exc}") from exc

    def _login(self, smtp: smtplib.SMTP) -> None:
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls()
            smtp.ehlo()
        user = read_secret(self.channel.user_env)
        if user:
            smtp.login(user, read_secret(self.channel.password_env) or "")

"""E-mail over SMTP (smtplib), one connection per message; 4xx answers and dropped connections are
retried, 5xx answers and refused recipients are permanent failures."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from ..domain.masking import mask_email
from ..domain.recipients import Addressing
from . import Channel, Message, SendResult


class SmtpChannel(Channel):
    name = kind = "email"
    addressing = Addressing(contact_field="email", resident_field="email")
    mask = staticmethod(mask_email)

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        user: str = "",
        password: str = "",
        starttls: bool = False,
        timeout: float = 10.0,
    ):
        self.host, self.port, self.sender = host, port, sender
        self.user, self.password, self.starttls, self.timeout = user, password, starttls, timeout

    def _compose(self, message: Message) -> EmailMessage:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.sender, message.address, message.title
        mail["Message-ID"] = make_msgid(idstring=message.delivery_id)
        mail.set_content(message.body)
        return mail

    def send(self, message: Message) -> SendResult:
        mail = self._compose(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return SendResult.give_up(f"smtp {code}: recipient refused: {text.decode(errors='replace')}")
        except smtplib.SMTPResponseException as exc:
            said = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
            reason = f"smtp {exc.smtp_code}: {said}"
            return SendResult.give_up(reason) if exc.smtp_code >= 500 else SendResult.retry(reason)
        except (OSError, smtplib.SMTPException) as exc:
            return SendResult.retry(f"smtp unreachable: {type(exc).__name__}")
        return SendResult.sent(mail["Message-ID"])

"""Notify: who hears what, when and how. Residents hear about their case (receipt, dispatch, answer,
follow-up, reopen, merge); handlers, supervisors and units hear about their work. Channels: SMS
through an HTTP gateway, e-mail over SMTP, WeCom and DingTalk group robots, an in-app inbox."""

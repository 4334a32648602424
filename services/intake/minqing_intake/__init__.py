"""Intake: every way a request comes in (web, hotline, grid visit, messenger, echo wall, WeChat group,
talk room, teahouse, proxy filing, Open311), its ticket number (挂牌) and its public tracking."""

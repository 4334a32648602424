"""Routing: where a case goes (派单), who has it, its working-day deadlines, supervision (督办),
escalation (上报), joint handling (联办会办), reopen (重办) and merge, with an audit trail."""

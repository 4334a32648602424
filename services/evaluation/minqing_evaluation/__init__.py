"""Evaluation: follow-up ratings (回访), reopen requests (重办), closing the ledger entry (销账), the three
rates and rankings, project rating (一事一评), annual review flags (双述双评), three-party review (三方评事),
public notice (公示) and reports on a rhythm."""

"""``minqing-parked --service routing list|show ID|replay [ID ...|--all] [--older-than-retention]``."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta

from .parked import ParkingLot, occurred_before
from .settings import ServiceSettings, load_settings


def main(argv: list[str] | None = None) -> int:
    settings = load_settings(ServiceSettings, DATABASE_URL="sqlite://")  # AMQP_URL, CONSUMER_GROUP; no database
    parser = argparse.ArgumentParser(prog="minqing-parked", description="List, show and replay parked messages.")
    parser.add_argument("--amqp-url", default=settings.AMQP_URL)
    parser.add_argument("--service", required=True, choices=["intake", "routing", "evaluation", "notify"])
    parser.add_argument("--group", default=settings.CONSUMER_GROUP)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="one line per parked message")
    show = sub.add_parser("show", help="one parked message with its body")
    show.add_argument("event_id")
    replay = sub.add_parser("replay", help="send parked messages back to the service's queue")
    replay.add_argument("event_ids", nargs="*")
    replay.add_argument("--all", action="store_true")
    replay.add_argument(
        "--older-than-retention",
        action="store_true",
        help="also replay events older than INBOX_RETENTION_DAYS less a day (checked by hand: the inbox has "
        "forgotten whether another copy was handled)",
    )
    args = parser.parse_args(argv)
    lot = ParkingLot(args.amqp_url, args.service, args.group)
    if args.command == "list":  # JSON lines on stdout; "nothing parked" on stderr, so a script reads none
        parked = lot.list()
        for message in parked:
            print(json.dumps(message.summary(), ensure_ascii=False))
        if not parked:
            print(f"nothing parked for {args.service} (group {args.group})", file=sys.stderr)
        return 0
    if args.command == "show":
        found = lot.show(args.event_id)
        if found is None:
            print(f"no parked message {args.event_id}", file=sys.stderr)
            return 1
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    if not args.all and not args.event_ids:
        parser.error("replay needs event ids or --all")
    chosen = None if args.all else set(args.event_ids)
    since = None if args.older_than_retention else datetime.now(UTC) - forgotten_after(settings)
    kept = (
        []
        if since is None
        else [m.event_id for m in lot.list() if (chosen is None or m.event_id in chosen) and occurred_before(m, since)]
    )
    replayed = lot.replay(chosen, occurred_since=since)
    print(json.dumps({"replayed": replayed, "kept_older_than_retention": kept}))
    return 0 if (replayed or args.all) and not kept else 1


def forgotten_after(settings: ServiceSettings) -> timedelta:
    """How old an event may be for its replay to be safe under the inbox: the retention less a day (clock
    skew between services, a pruner running during the replay)."""
    return timedelta(days=settings.INBOX_RETENTION_DAYS - 1)


if __name__ == "__main__":
    sys.exit(main())

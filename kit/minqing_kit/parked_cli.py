"""``minqing-parked --service routing list|show ID|replay [ID ...|--all]``."""

from __future__ import annotations

import argparse
import json
import sys

from .parked import ParkingLot
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
    replayed = lot.replay(None if args.all else set(args.event_ids))
    print(json.dumps({"replayed": replayed}))
    return 0 if replayed or args.all else 1


if __name__ == "__main__":
    sys.exit(main())

"""What the kit needs to run intake's processes: ``minqing-intake consumer|relay|migrate|declare|check-settings``,
plus ``minqing-intake add-open311-client NAME`` (prints the new client's api_key once) and
``minqing-intake load-households DISTRICT FILE`` (a district's household file, e.g. config/households/xinlin.csv)
and ``minqing-intake load-buildings DISTRICT FILE`` (its building file, e.g. config/buildings/xinlin.csv)."""

from __future__ import annotations

import sys
from pathlib import Path

from minqing_kit.service import ServiceDefinition, Subcommand, main as service_main

from .adapters.tables import bus
from .bootstrap import bootstrap
from .settings import IntakeSettings
from .subscriptions import subscriptions


def add_open311_client(settings: IntakeSettings, args) -> int:
    from .open311.clients import add_client

    client_id, api_key = add_client(bootstrap(settings).db, args.name)
    print(f"client {client_id} ({args.name})\napi_key {api_key}")
    return 0


def _load_district_file(settings: IntakeSettings, args, load, say) -> int:
    """Run ``load(runtime, district, path)`` and print ``say(result)``; 2 for an unknown district, 1 for a
    file that cannot be read or does not validate (nothing loaded, each bad line named)."""
    runtime = bootstrap(settings)
    if args.district not in runtime.districts:
        print(f"no district {args.district}", file=sys.stderr)
        return 2
    try:
        result = load(runtime, args.district, Path(args.file))
    except (OSError, ValueError) as error:
        print(f"not loaded: {error}", file=sys.stderr)
        return 1
    print(f"{args.district}: {say(result)}")
    return 0


def load_households(settings: IntakeSettings, args) -> int:
    from .households import load_file

    return _load_district_file(settings, args, load_file, lambda r: f"{r[0]} households added, {r[1]} updated")


def load_buildings(settings: IntakeSettings, args) -> int:
    from .courtyards import load_file

    return _load_district_file(settings, args, load_file, lambda grids: f"building files of {grids} grids replaced")


def _file_arguments(columns: str):
    """The arguments of a district file's loader: the district and the file (``columns`` for its help)."""

    def add(parser) -> None:
        parser.add_argument("district", help="district code, e.g. xinlin")
        parser.add_argument("file", help=f"CSV: {columns}")

    return add


HOUSEHOLD_COLUMNS = (
    "ref, grid_code, building_id, unit, door, size, elderly_alone, disability, low_income, rented, "
    "contact_name, contact_phone"
)
BUILDING_COLUMNS = (
    "kind (building | facility | service_point | resident_unit), grid_code, ref, name, lon, lat, units, "
    "floors, structure, note"
)


DEFINITION = ServiceDefinition(
    name="intake",
    settings_model=IntakeSettings,
    tables=bus,
    migrations=str(Path(__file__).parent / "migrations"),
    bootstrap=bootstrap,
    subscriptions=subscriptions,
    commands={
        "add-open311-client": Subcommand(
            "register an Open311 client and print its api_key once",
            add_open311_client,
            lambda parser: parser.add_argument("name", help="who the client is, e.g. 'city app'"),
        ),
        "load-households": Subcommand(
            "load a district's household file (一户一档); rows keyed by ref",
            load_households,
            _file_arguments(HOUSEHOLD_COLUMNS),
        ),
        "load-buildings": Subcommand(
            "load a district's building file (院落档案); replaces the file of each grid it names",
            load_buildings,
            _file_arguments(BUILDING_COLUMNS),
        ),
    },
)


def main(argv: list[str] | None = None) -> None:
    sys.exit(service_main(DEFINITION, argv))

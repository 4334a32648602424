"""Intake's settings (environment variables; defaults work for local development)."""

from typing import ClassVar, Literal

from pydantic import Field, SecretStr

from minqing_kit.settings import ServiceSettings

DEV_SECRET = "dev-only-intake-secret-change-me"
RATE_PATTERN = r"^(0|[1-9][0-9]*/[1-9][0-9]*(s|m|h))$"


class IntakeSettings(ServiceSettings):
    """Intake's settings; see ServiceSettings for the common ones."""

    REQUIRED_SECRETS: ClassVar[dict[str, str]] = {"INTAKE_SECRET_KEY": DEV_SECRET}

    NOTIFY_PUBLIC_KEY: str = Field(default="", description="notify's X25519 public key (base64): seals contacts")
    INTAKE_SECRET_KEY: SecretStr = Field(
        default=SecretStr(""),
        min_length=16,
        description="HMAC key: repeatable tracking secrets, hashed rate-limit buckets",
    )
    RATE_LIMIT_ADDRESS: str = Field(
        default="120/1m", pattern=RATE_PATTERN, description="public requests per client address per window; 0 = off"
    )
    RATE_LIMIT_PHONE: str = Field(
        default="10/1h", pattern=RATE_PATTERN, description="public submissions per reporter phone per window; 0 = off"
    )
    RATE_LIMIT_EXEMPT: str = Field(
        default="127.0.0.1,::1",
        description="client addresses the per-address limit skips (local development "
        "default: loopback, for the simulator); set it empty in production",
    )
    OPEN311_DEFAULT_JURISDICTION: str = Field(default="", description="district used when jurisdiction_id is absent")
    MAP_TILE_URL: str = Field(
        default="",
        pattern=r"^(https://[^\s\"'<>]+\{z\}[^\s\"'<>]*)?$",
        description="the resident map's tile layer, a Leaflet URL template with {x} {y} {z} (https only); "
        "empty: no tiles, the map draws the district's grids and buildings alone",
    )
    MAP_TILE_CRS: Literal["wgs84", "gcj02"] = Field(
        default="wgs84", description="the tile layer's coordinates: gcj02 for Chinese providers (Amap, Tencent)"
    )
    MAP_TILE_ATTRIBUTION: str = Field(default="", max_length=200, description="the tile provider's credit line")
    LEAFLET_DIR: str = Field(default="", description="Leaflet's dist folder; default web/node_modules/leaflet/dist")
    PHOTO_DIR: str = Field(
        default="run/intake-photos",
        description="residents' photos (re-encoded, no metadata): a volume in compose, a PVC in Kubernetes",
    )

    @property
    def tile_origin(self) -> str | None:
        """The tile layer's scheme and host, for the page's Content-Security-Policy (img-src)."""
        if not self.MAP_TILE_URL:
            return None
        labels = self.MAP_TILE_URL.split("/")[2].split(".")
        if "{" in labels[0]:  # a subdomain template such as webrd0{s}: CSP's wildcard is the leftmost label
            labels[0] = "*"
        return "https://" + ".".join(labels)

    @property
    def rate_limit_exempt(self) -> frozenset[str]:
        return frozenset(a.strip() for a in self.RATE_LIMIT_EXEMPT.split(",") if a.strip())

    def rate(self, name: str) -> tuple[int, int] | None:
        """``'60/1m'`` → (60, 60 seconds); None when off."""
        spec = getattr(self, name)
        if spec == "0":
            return None
        count, window = spec.split("/")
        seconds = int(window[:-1]) * {"s": 1, "m": 60, "h": 3600}[window[-1]]
        return int(count), seconds

from typing import ClassVar

from pydantic import Field, SecretStr, ValidationInfo, field_validator

from minqing_kit.settings import DEVELOPMENT, ServiceSettings


class RoutingSettings(ServiceSettings):
    """Routing's settings; see ServiceSettings for the common ones and README.md for each."""

    REQUIRED_SECRETS: ClassVar[dict[str, str]] = {"TOKEN_SIGNING_KEY": ""}  # development: sign-in disabled
    # the one timeout of the grid pages' calls, before staff filing and the case page's photos called intake too
    FORMER_NAMES: ClassVar[dict[str, tuple[str, ...]]] = {
        "GRID_TIMEOUT_SECONDS": ("INTAKE_TIMEOUT_SECONDS", "EVALUATION_TIMEOUT_SECONDS")
    }

    TOKEN_SIGNING_KEY: SecretStr = Field(
        default=SecretStr(""),
        description="base64 Ed25519 private key; it "
        "also keys the workbench's CSRF cookie and the sign-in address hashes",
    )
    TOKEN_KEY_ID: str = Field(default="dev-1", description="kid of the signing key, published in TOKEN_PUBLIC_KEYS")
    TOKEN_TTL_HOURS: int = Field(default=12, ge=1, le=168)
    PASSWORD_HASH_COST: int = Field(
        default=14,
        ge=4,
        le=16,  # 64 MiB a sign-in
        description="log2 of scrypt's n for passwords set from now on (each stored hash keeps its own); "
        "below 14 only in development, where the tests sign in hundreds of times",
    )
    DEMO_PASSWORD: SecretStr = Field(
        default=SecretStr(""), description="local development only: every person signs in with it"
    )
    ESCALATE_AFTER: str = Field(
        default="",
        pattern=r"^$|^[1-9][0-9]*(wd|d|h|m)$",
        description="time after a passed deadline before automatic escalation; "
        "empty: the deadline's own duration again",
    )
    SCHEDULER_BATCH_SIZE: int = Field(default=500, ge=1, le=10000)
    SCHEDULER_IDLE_SECONDS: float = Field(default=10.0, gt=0, le=60)
    SIGN_IN_PERSON_FAILURES: int = Field(
        default=5, ge=1, le=100, description="failed sign-ins per person in the window before a lockout"
    )
    SIGN_IN_ADDRESS_FAILURES: int = Field(
        default=20, ge=1, le=10000, description="failed sign-ins per client address in the window"
    )
    SIGN_IN_WINDOW_MINUTES: int = Field(default=15, ge=1, le=1440)
    NOTIFY_URL: str = Field(
        default="",
        pattern=r"^$|^https?://[^\s]+$",
        description="notify's base URL, whose in-app inbox the workbench's notices page "
        "reads; empty: http://127.0.0.1:$NOTIFY_PORT",
    )
    NOTIFY_PORT: int = Field(default=8004, ge=1, le=65535, description="notify's local port, when NOTIFY_URL is empty")
    NOTIFY_TIMEOUT_SECONDS: float = Field(
        default=2.0, gt=0, le=30, description="how long a workbench page waits for notify's inbox"
    )

    INTAKE_URL: str = Field(
        default="",
        pattern=r"^$|^https?://[^\s]+$",
        description="intake's base URL: the grid pages read and record households, visits and courtyard "
        "files there, staff filing files its cases there, the case page reads its photos there; "
        "empty: http://127.0.0.1:$INTAKE_PORT",
    )
    INTAKE_PORT: int = Field(default=8001, ge=1, le=65535, description="intake's local port, when INTAKE_URL is empty")
    INTAKE_TIMEOUT_SECONDS: float = Field(
        default=5.0,
        gt=0,
        le=30,
        description="how long a page waits for intake (grid pages, staff filing, a case's photos); "
        "formerly GRID_TIMEOUT_SECONDS, still read when this is not set",
    )
    EVALUATION_URL: str = Field(
        default="",
        pattern=r"^$|^https?://[^\s]+$",
        description="evaluation's base URL, whose visit figures the grid pages show; "
        "empty: http://127.0.0.1:$EVALUATION_PORT",
    )
    EVALUATION_PORT: int = Field(
        default=8003, ge=1, le=65535, description="evaluation's local port, when EVALUATION_URL is empty"
    )
    EVALUATION_PAGES_URL: str = Field(
        default="",
        pattern=r"^$|^https?://[^\s]+$",
        description="evaluation's address as staff's browsers reach it, for the grid pages' links to its staff "
        "pages (a courtyard file's edit history); empty: evaluation's base URL",
    )
    EVALUATION_TIMEOUT_SECONDS: float = Field(
        default=5.0,
        gt=0,
        le=30,
        description="how long a grid page waits for evaluation's visit figures; "
        "formerly GRID_TIMEOUT_SECONDS, still read when this is not set",
    )

    @field_validator("PASSWORD_HASH_COST")
    @classmethod
    def _production_cost_outside_development(cls, cost: int, info: ValidationInfo) -> int:
        if cost < 14 and info.data.get("MINQING_ENV") != DEVELOPMENT:
            raise ValueError("below 14 (scrypt's n = 2**14) only when MINQING_ENV is development")
        return cost

    def intake_base_url(self) -> str:
        return (self.INTAKE_URL or f"http://127.0.0.1:{self.INTAKE_PORT}").rstrip("/")

    def evaluation_base_url(self) -> str:
        return (self.EVALUATION_URL or f"http://127.0.0.1:{self.EVALUATION_PORT}").rstrip("/")

    def evaluation_pages_url(self) -> str:
        return (self.EVALUATION_PAGES_URL or self.evaluation_base_url()).rstrip("/")

    def notify_base_url(self) -> str:
        return (self.NOTIFY_URL or f"http://127.0.0.1:{self.NOTIFY_PORT}").rstrip("/")

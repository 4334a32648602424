from pydantic import Field

from minqing_kit.settings import ServiceSettings


class RoutingSettings(ServiceSettings):
    """Routing's settings; see ServiceSettings for the common ones and README.md for each."""

    TOKEN_SIGNING_KEY: str = Field(default="", description="base64 Ed25519 private key; empty: login disabled")
    TOKEN_KEY_ID: str = Field(default="dev-1", description="kid of the signing key, published in TOKEN_PUBLIC_KEYS")
    TOKEN_TTL_HOURS: int = Field(default=12, ge=1, le=168)
    DEMO_PASSWORD: str = Field(default="", description="local development only: every person signs in with it")
    ESCALATE_AFTER: str = Field(default="", pattern=r"^$|^[1-9][0-9]*(wd|d|h|m)$",
                                description="time after a passed deadline before automatic escalation; "
                                            "empty: the deadline's own duration again")
    SCHEDULER_BATCH_SIZE: int = Field(default=500, ge=1, le=10000)
    SCHEDULER_IDLE_SECONDS: float = Field(default=1.0, gt=0, le=60)
    SIGN_IN_PERSON_FAILURES: int = Field(default=5, ge=1, le=100,
                                         description="failed sign-ins per person in the window before a lockout")
    SIGN_IN_ADDRESS_FAILURES: int = Field(default=20, ge=1, le=10000,
                                          description="failed sign-ins per client address in the window")
    SIGN_IN_WINDOW_MINUTES: int = Field(default=15, ge=1, le=1440)
    TRUSTED_PROXY_HOPS: int = Field(default=0, ge=0, le=5,
                                    description="proxies in front: the client address is taken from X-Forwarded-For")

from typing import ClassVar

from pydantic import Field, SecretStr

from minqing_kit.settings import ServiceSettings


class NotifySettings(ServiceSettings):
    """Notify's settings; see ServiceSettings for the common ones. Outside development
    CONTACT_PRIVATE_KEY is required; every other one has a default."""

    REQUIRED_SECRETS: ClassVar[dict[str, str]] = {"CONTACT_PRIVATE_KEY": ""}  # development: contacts unopened

    CONTACT_PRIVATE_KEY: SecretStr = Field(
        default=SecretStr(""), description="base64 X25519 key that opens residents' contacts"
    )
    TRACKING_PATH: str = "/track/{ticket}"
    RATING_PATH: str = "/rate/{token}"
    TEMPLATES_DIR: str = Field(default="", description="<district>/<template>.j2 files overriding the defaults")
    SPOOL_DIR: str = Field(
        default="run/notify-spool", description="where SMS and e-mail go when no gateway / SMTP server is configured"
    )
    SMS_GATEWAY_URL: str = ""
    SMS_GATEWAY_KEY_ID: str = "minqing"
    SMS_GATEWAY_SECRET: SecretStr = SecretStr("")
    SMS_SIGN_NAME: str = "民情"
    SMTP_HOST: str = ""
    SMTP_PORT: int = 25
    SMTP_USER: str = ""
    SMTP_PASSWORD: SecretStr = SecretStr("")
    SMTP_STARTTLS: bool = False
    SMTP_FROM: str = "minqing@localhost"
    HTTP_TIMEOUT_SECONDS: float = Field(default=10.0, gt=0, le=120)
    DELIVERY_BATCH_SIZE: int = Field(default=50, ge=1, le=1000)
    DELIVERY_CONCURRENCY: int = Field(default=8, ge=1, le=64)
    DELIVERY_MAX_ATTEMPTS: int = Field(default=6, ge=1, le=50)
    DELIVERY_BACKOFF_SECONDS: float = Field(default=30.0, gt=0, description="first retry delay; doubles")
    DELIVERY_BACKOFF_MAX_SECONDS: float = Field(default=3600.0, gt=0)
    DELIVERY_LEASE_SECONDS: float = Field(default=120.0, gt=0, description="a crashed sender's rows return after")
    DELIVERY_IDLE_SECONDS: float = Field(default=0.5, gt=0, le=60)
    CONTACT_WAIT_SECONDS: float = Field(
        default=3600.0, gt=0, description="how long a resident message waits for a late case.received"
    )
    SMS_PER_RECIPIENT_PER_HOUR: int = Field(default=5, ge=1)
    STEP_SMS_PER_CASE_PER_DAY: int = Field(
        default=3, ge=1, le=20, description="step SMS (办理进展) to one opted-in resident per case and local day"
    )
    STEP_SMS_BURST_SECONDS: float = Field(
        default=300.0, ge=0, le=3600, description="a step SMS waits this long: a later step meanwhile replaces it"
    )

"""Print a .env for docker-compose with freshly generated keys: ``python scripts/compose_env.py > .env``.

Every secret a service requires outside development (deploy/README.md, "Settings and secrets") is here."""

import secrets

from minqing_kit.sealing import generate_contact_keypair
from minqing_kit.tokens import generate_keypair

token_private, token_public = generate_keypair()
contact_private, contact_public = generate_contact_keypair()
values = {
    "INTAKE_SECRET_KEY": secrets.token_urlsafe(32),
    "PAGES_SECRET_KEY": secrets.token_urlsafe(32),
    "TOKEN_KEY_ID": "k1",
    "TOKEN_SIGNING_KEY": token_private,
    "TOKEN_PUBLIC_KEYS": f"k1={token_public}",
    "NOTIFY_PUBLIC_KEY": contact_public,
    "CONTACT_PRIVATE_KEY": contact_private,
    "POSTGRES_PASSWORD": "minqing",
    # the three RabbitMQ nodes of deploy/compose/cluster.yml share it (unused by the single node)
    "RABBITMQ_ERLANG_COOKIE": secrets.token_hex(20),
}
print("\n".join(f"{name}={value}" for name, value in values.items()))

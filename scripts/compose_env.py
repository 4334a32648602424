"""Print a .env for docker-compose with freshly generated keys: ``python scripts/compose_env.py > .env``."""
from minqing_kit.sealing import generate_contact_keypair
from minqing_kit.tokens import generate_keypair

token_private, token_public = generate_keypair()
contact_private, contact_public = generate_contact_keypair()
import secrets

print(f"INTAKE_SECRET_KEY={secrets.token_urlsafe(32)}\nTOKEN_KEY_ID=k1\nTOKEN_SIGNING_KEY={token_private}\nTOKEN_PUBLIC_KEYS=k1={token_public}\n"
      f"NOTIFY_PUBLIC_KEY={contact_public}\nCONTACT_PRIVATE_KEY={contact_private}\nPOSTGRES_PASSWORD=minqing")

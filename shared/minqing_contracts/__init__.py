"""Minqing's contracts: what services say to each other, and nothing else.

No ORM models, no business rules: the envelope, versioned payloads, topology names,
the org-configuration format, and their exported JSON Schemas and samples.
"""

from .envelope import Envelope, new_envelope
from .events import PAYLOADS, parse_payload

__all__ = ["Envelope", "new_envelope", "PAYLOADS", "parse_payload"]

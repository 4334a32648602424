"""The runtime every Minqing service shares: nothing here knows a service's domain.

- ``db``: a per-process engine and transactions; ``bus_tables``: outbox, inbox, failures.
- ``outbox`` + ``relay`` + ``publisher``: state change and event in one transaction, published with confirms.
- ``consumer``: idempotent handling, ack after commit, retry then park; ``parked``: list/show/replay.
- ``web``: /healthz, /readyz, /metrics, structured errors; ``logs``: JSON logs with case and correlation ids.
"""

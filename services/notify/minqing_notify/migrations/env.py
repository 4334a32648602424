from minqing_kit.migrations import run_alembic_env
from minqing_notify.adapters.tables import metadata

run_alembic_env(metadata)

from minqing_evaluation.adapters.tables import metadata
from minqing_kit.migrations import run_alembic_env

run_alembic_env(metadata)

"""gunicorn entry: ``gunicorn minqing_intake.wsgi:app``. Building the app opens no connection."""

from minqing_kit.logs import configure_logging

from .web import create_app

app = create_app()
app.extensions["runtime"].classifiers.load_all()  # jieba's dictionary at start, not on a worker's first request
app.extensions["runtime"].addresses  # noqa: B018  (the address index too: built on first use)
configure_logging("intake", app.extensions["runtime"].settings.LOG_LEVEL)

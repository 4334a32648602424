"""gunicorn entry: ``gunicorn minqing_intake.wsgi:app``. Building the app opens no connection."""

from minqing_kit.logs import configure_logging

from .web import create_app

app = create_app()
configure_logging("intake", app.extensions["runtime"].settings.LOG_LEVEL)

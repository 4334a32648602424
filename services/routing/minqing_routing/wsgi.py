"""gunicorn entry: ``gunicorn minqing_routing.wsgi:app``. Building the app opens no connection."""

from minqing_kit.logs import configure_logging

from .web import create_app

app = create_app()
configure_logging("routing", app.extensions["runtime"].settings.LOG_LEVEL)

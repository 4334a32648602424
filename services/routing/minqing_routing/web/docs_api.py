"""GET /openapi.json and GET /docs."""

from minqing_kit.apidocs import docs_blueprint

from .openapi import DOCUMENT

blueprint = docs_blueprint(DOCUMENT)

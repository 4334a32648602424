"""GET /openapi.json and GET /docs."""

from minqing_kit.apidocs import docs_blueprint

from .openapi import SPEC

blueprint = docs_blueprint(SPEC, "Open311 GeoReport v2 lives at <a href='/open311/v2/discovery.json'>/open311/v2/</a>.")

"""Evaluation's pages: the resident's rating form (回访), the dashboards and the public notice board.

Server-rendered: every number is in an HTML table; ECharts (from the npm registry, served from
web/node_modules) draws charts over the same numbers when JavaScript runs."""

from .routes import blueprint

__all__ = ["blueprint"]

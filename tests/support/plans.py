"""Reading PostgreSQL's EXPLAIN (FORMAT JSON) plans in the tests that check a hot query's plan."""

from __future__ import annotations

from collections.abc import Iterator


def plan_nodes(node: dict) -> Iterator[dict]:
    """The node and every node below it, depth first."""
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def shape(nodes: list[dict]) -> str:
    """The nodes as one line (node type and index or table), for an assertion's message."""
    return " / ".join(f"{n['Node Type']} {n.get('Index Name') or n.get('Relation Name') or ''}".strip() for n in nodes)

"""Is a new payload schema a compatible evolution of the committed one?"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]  # a JSON Schema document or one of its nodes


def _resolve(schema: Schema, node: Schema) -> Schema:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        found: Schema = schema.get("$defs", {}).get(ref.split("/")[-1], {})
        return found
    return node


def breaking_changes(
    old: Schema, new: Schema, path: str = "", old_root: Schema | None = None, new_root: Schema | None = None
) -> list[str]:
    """Removed or retyped fields and newly required fields break consumers; new optional ones do not."""
    old_root, new_root = old_root or old, new_root or new
    old, new = _resolve(old_root, old), _resolve(new_root, new)
    problems: list[str] = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, old_field in old_props.items():
        where = f"{path}{name}"
        if name not in new_props:
            problems.append(f"field {where} removed")
            continue
        new_field = new_props[name]
        if _shape(old_root, old_field) != _shape(new_root, new_field):
            problems.append(f"field {where} changed type")
        elif "properties" in _resolve(old_root, old_field):
            problems += breaking_changes(old_field, new_field, f"{where}.", old_root, new_root)
    for name in set(new.get("required", [])) - set(old.get("required", [])):
        problems.append(f"field {path}{name} became required")
    return problems


def _shape(root: Schema, node: Schema) -> object:
    node = _resolve(root, node)
    if "anyOf" in node:
        return tuple(sorted(str(_shape(root, n)) for n in node["anyOf"]))
    return (
        node.get("type"),
        tuple(node.get("enum", [])),
        node.get("const"),
        str(_shape(root, node["items"])) if "items" in node else None,
    )

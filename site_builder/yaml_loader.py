"""The YAML loader of every file the build reads: PyYAML's safe loader, its common case built faster.

libyaml (PyYAML's C loader) parses a document into nodes quickly; PyYAML's
safe constructor then turns each node into a Python value through a generic
machinery (a generator per collection, a state stack for recursive data),
which took a third of reading an article's front matter. Front matter and
configuration are plain mappings, lists and scalars, built here by a direct
walk over the nodes with the safe constructor's own scalar functions. A
document with anything else (a merge key `<<`, a tag, a set, an ordered
map, an alias to a node inside itself) is handed to the safe constructor
whole, so every document loads to the value the safe loader gives (tests
compare them). One difference: a node reached twice through an alias is
built twice, as two equal values, not one shared object.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"
# Scalars whose safe constructor is a plain function of the node, and whose value can be a mapping key.
_SCALARS = frozenset(_TAG + name for name in ("null", "bool", "int", "float", "timestamp", "binary"))

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


class _Unusual(Exception):
    """A node the direct walk leaves to the safe constructor."""


class SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """yaml.CSafeLoader (yaml.SafeLoader without libyaml) that builds plain documents directly."""

    def construct_document(self, node: Node) -> Any:
        try:
            return self._plain(node, set())
        except _Unusual:
            return super().construct_document(node)

    def _plain(self, node: Node, open_nodes: set[int]) -> Any:
        tag, kind = node.tag, type(node)
        if kind is ScalarNode:
            if tag == _STR:
                return node.value
            if tag in _SCALARS:
                return self.yaml_constructors[tag](self, node)
            raise _Unusual
        if id(node) in open_nodes:
            raise _Unusual  # an alias to a collection holding it: recursive data
        open_nodes.add(id(node))
        if kind is SequenceNode and tag == _SEQ:
            data: Any = [self._plain(item, open_nodes) for item in node.value]
        elif kind is MappingNode and tag == _MAP:
            data = {}
            for key_node, value_node in node.value:
                # Not a merge key `<<` nor a value key `=` (their own tags), nor a list or mapping as a key.
                if type(key_node) is not ScalarNode or (key_node.tag != _STR and key_node.tag not in _SCALARS):
                    raise _Unusual
                data[self._plain(key_node, open_nodes)] = self._plain(value_node, open_nodes)
        else:
            raise _Unusual
        open_nodes.discard(id(node))
        return data

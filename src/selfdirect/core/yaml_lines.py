"""YAML definitions read with the line of every mapping, for messages that name the file and line. Django-free.

Used by the definitions a council edits as files: the self-assessment questionnaires (assessment.questionnaire) and the
evaluation questionnaires (outcomes.evaluation). Each mapping read carries its line under "__line__"; a key given twice
in one mapping is refused, as is a file that is not YAML, each with the file and line."""

from __future__ import annotations

import yaml

LINE = "__line__"


class _DuplicateKey(ValueError):
    pass


class _LineLoader(yaml.SafeLoader):
    """Records the line of every mapping and refuses duplicate keys."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKey(f"line {key_node.start_mark.line + 1}: the key {key!r} is given twice")
        seen.add(key)
    mapping = loader.construct_mapping(node, deep=deep)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(text: str, *, path: str, error: type[Exception]):
    """The YAML in `text`, every mapping with its line; `error` raised, naming `path` and the line, for a key given
    twice or text that is not YAML."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as problem:
        raise error(f"{path}, {problem}") from None
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        raise error(f"{path}{where}: not valid YAML ({getattr(problem, 'problem', problem)})") from None

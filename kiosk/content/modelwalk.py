"""Walking raw YAML data alongside the models, to name what belongs where.

Used to suggest the nearest known key, to find every text and media path in the raw
data with its position (for warnings even when part of the exhibition is invalid).
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from .models import ITEM_MODELS, KINDS, SECTION_MODELS, Exhibition, _media_path
from .problems import Loc
from .text import Text

_NAMES = {
    "Exhibition": "exhibition",
    "IdleSettings": "idle settings",
    "AttractSettings": "attract settings",
    **{model.__name__: f"{name} section" for name, model in zip(KINDS, SECTION_MODELS)},
    **{ITEM_MODELS[name].__name__: kind.noun for name, kind in KINDS.items()},
    "PdfPages": "pdf",
    "ScheduleEntry": "schedule entry",
    "QuietHours": "quiet hours entry",
    "Silence": "silence entry",
}


def curator_name(model: type[BaseModel]) -> str:
    """What a curator calls this kind of thing: panel, clip, schedule entry."""
    return _NAMES.get(model.__name__, model.__name__.lower())


def field_keys(model: type[BaseModel]) -> list[str]:
    """The keys a curator may write in this model, as written in YAML."""
    return [info.alias or name for name, info in model.model_fields.items()]


@functools.cache
def _field(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


@functools.cache
def _field_type(info: Any) -> Any:
    """A field's type with its constraints, which pydantic keeps apart in ``metadata``."""
    if info.metadata:
        return typing.Annotated[(info.annotation, *info.metadata)]  # type: ignore[misc]
    return info.annotation


def _unwrap(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """Strip Annotated; return the bare type and its metadata."""
    metadata: tuple[Any, ...] = ()
    while get_origin(annotation) is typing.Annotated:
        args = get_args(annotation)
        annotation, metadata = args[0], metadata + tuple(args[1:])
    return annotation, metadata


def _choose(annotation: Any, value: Any) -> tuple[Any, tuple[Any, ...]]:
    """For a union, the member that fits ``value`` best (by a model's ``kind``)."""
    annotation, metadata = _unwrap(annotation)
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [_unwrap(m) for m in get_args(annotation) if m is not type(None)]
        models = [(m, md) for m, md in members if isinstance(m, type) and issubclass(m, BaseModel)]
        if isinstance(value, dict) and models:
            kind = value.get("kind")
            for model, md in models:
                kind_field = model.model_fields.get("kind")
                if kind_field is not None and kind in get_args(kind_field.annotation):
                    return model, metadata + md
            return models[0][0], metadata + models[0][1]
        for member, md in members:
            if isinstance(value, list) and get_origin(member) is list:
                return member, metadata + md
            if isinstance(value, str) and (member is str or member is Text):
                return member, metadata + md
        return members[0][0], metadata + members[0][1]
    return annotation, metadata


def model_at(loc: Loc, data: Any) -> type[BaseModel] | None:
    """The model that describes the mapping at ``loc`` in raw ``data``."""
    annotation: Any = Exhibition
    value = data
    for part in loc:
        annotation, _ = _choose(annotation, value)
        origin = get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = _field(annotation, str(part))
            if info is None:
                return None
            annotation = _field_type(info)
        elif origin is list:
            annotation = get_args(annotation)[0]
        elif origin is dict:
            annotation = get_args(annotation)[1]
        else:
            return None
        value = value[part] if isinstance(value, (dict, list)) and _has(value, part) else None
    annotation, _ = _choose(annotation, value)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _has(container: dict | list, part: str | int) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(part, int) and 0 <= part < len(container)


def _is_media(metadata: tuple[Any, ...]) -> bool:
    return any(getattr(m, "func", None) is _media_path for m in metadata)


def walk(data: Any) -> Iterator[tuple[Loc, str, Any]]:
    """Every text and media path in raw exhibition data: ``(loc, "text"|"media", value)``.

    Tolerates data of the wrong shape: what does not fit is passed over.
    """
    yield from _walk(Exhibition, data, ())


def _walk(annotation: Any, value: Any, loc: Loc) -> Iterator[tuple[Loc, str, Any]]:
    annotation, metadata = _choose(annotation, value)
    if value is None:
        return
    if annotation is Text:
        yield loc, "text", value
    elif annotation is str and _is_media(metadata):
        yield loc, "media", value
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
        if annotation.__name__ == "PlaylistEntry":
            return
        for key, item in value.items():
            info = _field(annotation, key)
            if info is not None:
                yield from _walk(_field_type(info), item, (*loc, key))
    elif get_origin(annotation) is list and isinstance(value, list):
        (inner,) = get_args(annotation)
        for i, item in enumerate(value):
            yield from _walk(inner, item, (*loc, i))
    elif get_origin(annotation) is dict and isinstance(value, dict):
        inner = get_args(annotation)[1]
        for key, item in value.items():
            yield from _walk(inner, item, (*loc, key))


__all__ = ["curator_name", "field_keys", "model_at", "walk"]

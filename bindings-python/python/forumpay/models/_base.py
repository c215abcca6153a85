"""The base of every result model: immutable, typed from its annotations, a ``repr`` that masks
secrets, and ``to_dict()`` giving the canonical snake_case form.

The native module hands over each result in its canonical form (amounts as strings with their
scale, timestamps as ``YYYY-MM-DD HH:MM:SS``); the annotations say how each field is read back
(``Decimal`` for amounts, ``datetime`` for timestamps, nested models). Nothing is computed here.
"""

from __future__ import annotations

import collections.abc
import typing
from datetime import datetime, timezone
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Callable, Dict, Tuple, TypeVar, Union

__all__ = ["Model", "SECRET_FIELDS", "TIMESTAMP_FORMAT"]

SECRET_FIELDS = frozenset({"access_token", "access_url", "stats_token"})
"""Fields that hold a token of the payer's page: shown as ``***`` by ``repr``."""

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
"""How the API writes timestamps (no zone; naive ``datetime`` values)."""

M = TypeVar("M", bound="Model")
Reader = Callable[[Any], Any]


def _read_time(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if isinstance(value, (int, float, Decimal)):
        return datetime.fromtimestamp(float(value), timezone.utc)
    return datetime.strptime(value, TIMESTAMP_FORMAT)


def _read_decimal(value: Any) -> Any:
    return value if isinstance(value, Decimal) else Decimal(value)


def _reader(tp: Any) -> Reader:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Union:
        inner = _reader(next(a for a in args if a is not type(None)))
        return lambda v: None if v is None else inner(v)
    if tp is Decimal:
        return _read_decimal
    if tp is datetime:
        return _read_time
    if origin is tuple:
        item = _reader(args[0])
        return lambda v: tuple(item(x) for x in (v or ()))
    if origin is collections.abc.Mapping:
        return lambda v: MappingProxyType(dict(v or {}))
    if isinstance(tp, type) and issubclass(tp, Model):
        return tp._from_dict
    return lambda v: v


def _kind(tp: Any) -> Tuple[str, bool, Any]:
    """How the native module reads a field of type ``tp`` (the same rules as ``_reader``):
    ``(kind, optional, argument)``. Kinds: ``plain`` (as sent), ``decimal``, ``datetime``,
    ``mapping``, ``model`` (argument: the class), ``tuple`` (argument: the items' kind and
    argument), ``other`` (the field's reader is called)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Union:
        kind, _, arg = _kind(next(a for a in args if a is not type(None)))
        return kind, True, arg
    if tp is Decimal:
        return "decimal", False, None
    if tp is datetime:
        return "datetime", False, None
    if origin is tuple:
        kind, optional, arg = _kind(args[0])
        return ("other", False, None) if optional else ("tuple", False, (kind, arg))
    if origin is collections.abc.Mapping:
        return "mapping", False, None
    if isinstance(tp, type) and issubclass(tp, Model):
        return "model", False, tp
    return "plain", False, None


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, collections.abc.Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _rebuild(cls: type[M], data: Dict[str, Any]) -> M:
    return cls._from_dict(data)


class _ModelMeta(type):
    """Gives each model ``__slots__`` named after its annotated fields."""

    def __new__(mcs, name: str, bases: Tuple[type, ...], namespace: Dict[str, Any]) -> _ModelMeta:
        namespace["__slots__"] = tuple(n for n in namespace.get("__annotations__", {}) if not n.startswith("_"))
        return super().__new__(mcs, name, bases, namespace)


class Model(metaclass=_ModelMeta):
    """An immutable result of the API. Attributes are typed; ``to_dict()`` gives the canonical
    snake_case form (amounts stay ``Decimal``, timestamps ``datetime``)."""

    _renames: Dict[str, str] = {}  # noqa: RUF012 (not a field: the metaclass skips names starting with _)

    def __init__(self, **fields: Any) -> None:
        for name in self._field_names():
            object.__setattr__(self, name, fields.pop(name, None))
        if fields:
            raise TypeError(f"{type(self).__name__}() got unexpected field(s): {', '.join(fields)}")

    @classmethod
    def _field_names(cls) -> Tuple[str, ...]:
        return tuple(name for klass in reversed(cls.__mro__) for name in klass.__dict__.get("__slots__", ()))

    @classmethod
    def _readers(cls) -> Dict[str, Reader]:
        cached = cls.__dict__.get("_readers_cache")
        if cached is None:
            hints = typing.get_type_hints(cls)
            cached = {name: _reader(hints[name]) for name in cls._field_names()}
            setattr(cls, "_readers_cache", cached)
        return typing.cast(Dict[str, Reader], cached)

    @classmethod
    def _native_plan(cls) -> Tuple[Tuple[str, str, str, bool, Any, Reader], ...]:
        """How the native module builds this model from its canonical form without calling
        into Python per field: ``(attribute, key, kind, optional, argument, reader)`` per field
        (see ``_kind``); the reader is called for any value the native module does not expect,
        so both ways give the same result."""
        hints = typing.get_type_hints(cls)
        readers = cls._readers()
        return tuple(
            (name, cls._renames.get(name, name), *_kind(hints[name]), readers[name]) for name in cls._field_names()
        )

    @classmethod
    def _from_dict(cls: type[M], data: typing.Mapping[str, Any]) -> M:
        """Builds the model from its canonical form (as ``to_dict()`` returns it)."""
        self = cls.__new__(cls)
        for name, read in cls._readers().items():
            object.__setattr__(self, name, read(data.get(cls._renames.get(name, name))))
        return self

    def to_dict(self) -> Dict[str, Any]:
        """The canonical snake_case form: nested models become dicts, lists stay lists, secrets
        are included (the caller asked for the data)."""
        return {self._renames.get(n, n): _plain(getattr(self, n)) for n in self._field_names()}

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._field_names())

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_rebuild, (type(self), self.to_dict()))

    def __repr__(self) -> str:
        shown = []
        for name in self._field_names():
            value = getattr(self, name)
            if value is None or (name == "extra" and not value) or value == ():
                continue
            text = "'***'" if name in SECRET_FIELDS else repr(dict(value) if name == "extra" else value)
            shown.append(f"{name}={text}")
        return f"{type(self).__name__}({', '.join(shown)})"

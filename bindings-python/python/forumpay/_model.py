"""The base of every result model (``forumpay.models`` is generated from core's types): immutable,
built by the native module straight from core's typed result by the plan each class declares
(``_fields``: each field's name and how it is read), secrets readable but never printed."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, ClassVar, Dict, Tuple, Type, TypeVar

__all__ = ["Model", "Secret"]

M = TypeVar("M", bound="Model")


class Secret(str):
    """A secret of a result: the ``str`` of its value whose ``repr`` is ``'***'``, so a printed
    result, list or dict never shows it. Which fields are secret is core's to say."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'***'"


def _plain(value: Any, secrets: bool) -> Any:
    if isinstance(value, Model):
        return value.to_dict(secrets=secrets)
    if isinstance(value, Secret):
        return str(value) if secrets else "***"
    if isinstance(value, (tuple, list)):
        return [_plain(v, secrets) for v in value]
    if isinstance(value, MappingProxyType):
        return {k: _plain(v, secrets) for k, v in value.items()}
    return value


def _restore(cls: Type[M], values: Tuple[Any, ...]) -> M:
    """Unpickles a model (``MappingProxyType`` does not pickle: its dict does)."""
    obj = object.__new__(cls)
    for (name, kind), value in zip(cls._fields, values):
        object.__setattr__(obj, name, MappingProxyType(value) if kind == "mapping" and value is not None else value)
    return obj


class Model:
    """An immutable result of the API. ``to_dict()`` gives the canonical snake_case form with
    Python values (``Decimal``, ``datetime``, lists, dicts), secrets as ``***`` unless
    ``to_dict(secrets=True)``."""

    __slots__ = ()
    _fields: ClassVar[Tuple[Tuple[str, Any], ...]] = ()

    def __init__(self, **fields: Any) -> None:
        """A model from its fields (absent ones are ``None``): for tests and fakes."""
        for name, _ in self._fields:
            object.__setattr__(self, name, fields.pop(name, None))
        if fields:
            raise TypeError(f"{type(self).__name__}() got unexpected field(s): {', '.join(fields)}")

    def to_dict(self, *, secrets: bool = False) -> Dict[str, Any]:
        """The canonical snake_case form; ``secrets=True`` puts the secrets' values in."""
        return {name: _plain(getattr(self, name), secrets) for name, _ in self._fields}

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n, _ in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> Tuple[Any, ...]:
        values = tuple(dict(v) if isinstance(v, MappingProxyType) else v for v in (getattr(self, n) for n, _ in self._fields))
        return (_restore, (type(self), values))

    def __repr__(self) -> str:
        shown = []
        for name, _ in self._fields:
            value = getattr(self, name)
            if value is None or value == () or (isinstance(value, MappingProxyType) and not value):
                continue
            shown.append(f"{name}={dict(value) if isinstance(value, MappingProxyType) else value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

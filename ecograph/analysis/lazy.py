"""A sequence whose items are made when they are read (what keeps a big report small).

Examples
--------
>>> class Squares(LazySequence[int]):
...     def __len__(self) -> int:
...         return 4
...     def item(self, i: int) -> int:
...         return i * i
>>> s = Squares()
>>> s[-1], s[1:3], list(s) == [0, 1, 4, 9], s == [0, 1, 4, 9]
(9, [1, 4], True, True)
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Sequence
from typing import TypeVar, overload

__all__ = ["LazySequence"]

T = TypeVar("T")


class LazySequence(Sequence[T]):
    """A read-only sequence that makes item ``i`` with :meth:`item` each time it is read.

    Subclasses give ``__len__`` and :meth:`item`; indexing (negative indices, slices),
    iteration and equality with any sequence of the same items follow.
    """

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def item(self, i: int) -> T:
        """Return item ``i`` (0 <= i < len(self))."""

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self.item(k) for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.item(i)

    def __iter__(self) -> Iterator[T]:
        for i in range(len(self)):
            yield self.item(i)

    def __eq__(self, other: object) -> bool:
        """Equal to a list or sequence of the same items, in the same order."""
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(x == y for x, y in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

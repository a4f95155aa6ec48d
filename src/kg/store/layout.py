"""Where the stores live on disk, and the one pointer that says which of them is live.

::

    store_dir/
      current -> builds/20261121T190211123456Z-4242   symlink, swapped with os.replace (atomic)
      builds/20261121T190211123456Z-4242/             a complete pyoxigraph (RocksDB) store
      builds/20261120T…/                              the previous build, kept for rollback
      build.lock                                      fcntl lock held while a build runs

A build never writes into the live directory: it writes a new directory beside it and moves the
pointer when the new store is complete and closed, so readers see either the old or the new store.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kg.errors import BuildLockedError, StoreError


@dataclass(frozen=True)
class StoreLayout:
    """The directory layout of the on-disk stores under ``store_dir``."""

    store_dir: Path

    @property
    def current_link(self) -> Path:
        return self.store_dir / "current"

    @property
    def builds_dir(self) -> Path:
        return self.store_dir / "builds"

    @property
    def lock_path(self) -> Path:
        return self.store_dir / "build.lock"

    def live(self) -> Path | None:
        """The build directory ``current`` points at, or ``None`` when nothing has been built."""
        try:
            target = os.readlink(self.current_link)
        except FileNotFoundError:
            return None
        except OSError as exc:  # EINVAL: ``current`` exists but is not a symlink
            raise StoreError("store pointer is not a symlink", path=self.current_link) from exc
        path = self.store_dir / target
        if not path.is_dir():
            raise StoreError("store pointer names a missing build", path=path)
        return path

    def new_build_dir(self) -> Path:
        """Create and return an empty, uniquely named build directory (names sort by time)."""
        path = self.new_build_path()
        path.mkdir()
        return path

    def new_build_path(self) -> Path:
        """A fresh, uniquely named build directory path, not yet created (names sort by time);
        for writers that must create the directory themselves (``Store.backup``)."""
        self.builds_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return self.builds_dir / f"{stamp}-{os.getpid()}"

    def point_to(self, build: Path) -> None:
        """Make ``build`` the live store in one atomic step (rename of a fresh symlink)."""
        tmp = self.store_dir / f".current-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        # Relative target: the store directory can be moved or mounted elsewhere as a whole.
        os.symlink(build.relative_to(self.store_dir), tmp)
        try:
            os.replace(tmp, self.current_link)
        except OSError as exc:
            tmp.unlink()
            raise StoreError("cannot swap the store pointer", path=self.current_link) from exc
        fsync_dir(self.store_dir)

    def prune(self, keep: set[Path]) -> list[Path]:
        """Delete every build directory not in ``keep``; return what was deleted.

        Also the debris of builds killed before they could clean up (``kill -9``, power loss):
        their half-built directories, and a ``.current-PID`` symlink left between its creation
        and the rename in :meth:`point_to`. Call it holding the build lock.
        """
        removed = []
        keep_resolved = {k.resolve() for k in keep}
        for path in sorted(self.builds_dir.iterdir()):
            if path.resolve() not in keep_resolved:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        for stale in sorted(self.store_dir.glob(".current-*")):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
            removed.append(stale)
        return removed

    @contextlib.contextmanager
    def build_lock(self) -> Iterator[None]:
        """Hold the build lock for the block; a second holder gets :class:`BuildLockedError`.

        ``flock`` locks belong to the open file description, so the lock is released when the
        file is closed, also when the process dies: no stale lock files to clean up.
        """
        self.store_dir.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a+b") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise BuildLockedError("another build is running on this store directory; try again "
                                           "when it has finished", path=self.lock_path) from exc
                raise StoreError("cannot lock the store directory", path=self.lock_path) from exc
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def fsync_dir(path: Path) -> None:
    """Persist a rename: the directory entry itself must reach the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""The rows pass 1 checked, kept beside the upload so that pass 2 neither reads the file nor
checks its rows again: it checks only what depends on the database (ImportSpec.recheck_row).

The spool holds whole ID numbers as the upload does, so it lives in the job's folder (removed
with it by imports_purge) and is deleted as soon as the import is done. It is pickled: it is
written and read only by this engine, in VAR_DIR beside the data key file, never uploaded.
A spool exists only once pass 1 finished (written to .part, renamed at the end), and its head
names the spec and the upload's hash, so a stale or partial one is never used.
"""

import os
import pickle

VERSION = 1
CHUNK = 5000  # rows per pickled list: small enough to stay flat, large enough to be cheap


def stamp(job) -> dict:
    return {"version": VERSION, "spec": job.spec, "sha256": job.file_sha256}


class SpoolWriter:
    def __init__(self, path: str, job):
        self.path, self.tmp = path, path + ".part"
        self.handle = open(self.tmp, "wb")
        self.pickler = pickle.Pickler(self.handle, pickle.HIGHEST_PROTOCOL)
        self.pickler.dump(stamp(job))
        self.pickler.clear_memo()
        self.chunk: list = []

    def add(self, row_number: int, row) -> None:
        self.chunk.append((row_number, row))
        if len(self.chunk) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self.chunk:
            self.pickler.dump(self.chunk)
            self.pickler.clear_memo()  # each chunk stands alone: the memo would hold every row
            self.chunk = []

    def close(self) -> None:
        self._flush()
        self.handle.close()
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self.handle.close()
        remove(self.tmp)
        remove(self.path)  # one an earlier run of pass 1 left


class SpoolReader:
    """Iterating gives (row number, row) in file order; position() the fraction read."""

    def __init__(self, handle, size: int):
        self.handle, self.size = handle, size

    def __iter__(self):
        try:
            while True:
                try:
                    chunk = pickle.load(self.handle)
                except EOFError:
                    return
                yield from chunk
        finally:
            self.handle.close()

    def position(self) -> float:
        try:
            return min(1.0, self.handle.tell() / self.size) if self.size else 1.0
        except ValueError:  # closed: all read
            return 1.0


def open_spool(path: str, job) -> SpoolReader | None:
    """The spool pass 1 left for this job's upload, or None when there is none to trust."""
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return None
    try:
        head = pickle.load(handle)
    except Exception:
        head = None
    if head != stamp(job):
        handle.close()
        return None
    return SpoolReader(handle, os.path.getsize(path))


def remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass

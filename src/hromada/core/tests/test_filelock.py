"""The machine-wide lock of the SQLite writers: another process cannot take it while one holds it, and a
process forked while holding none opens its own descriptor (flock excludes open file descriptions)."""

from __future__ import annotations

import fcntl
import os

from hromada.core.filelock import machine_lock


def _taken_elsewhere(path) -> bool:
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_another_process_waits_while_the_lock_is_held(tmp_path):
    lock = machine_lock(str(tmp_path / "db.write-lock"))
    assert lock is machine_lock(str(tmp_path / "db.write-lock"))  # one per path per process
    with lock.held():
        assert _taken_elsewhere(lock.path)
    assert not _taken_elsewhere(lock.path)


def test_a_forked_child_holds_the_lock_through_its_own_descriptor(tmp_path):
    lock = machine_lock(str(tmp_path / "fork.write-lock"))
    with lock.held():
        parent_fd = lock._fd
    ready_r, ready_w = os.pipe()
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: hold the lock until the parent has looked
        try:
            with lock.held():
                os.write(ready_w, b"1" if lock._fd != parent_fd else b"0")
                os.read(done_r, 1)
        finally:
            os._exit(0)
    try:
        assert os.read(ready_r, 1) == b"1"  # the child opened its own descriptor
        assert _taken_elsewhere(lock.path)
    finally:
        os.write(done_w, b"x")
        os.waitpid(pid, 0)
    with lock.held():  # and the parent takes it again once the child let go
        assert lock._fd == parent_fd


def test_the_holder_re_enters_and_another_thread_still_waits(tmp_path):
    import threading

    lock = machine_lock(str(tmp_path / "reentry.lock"))
    entered = threading.Event()

    def other():
        with lock.held():
            entered.set()

    with lock.held():
        with lock.held():  # work run after a commit inside the holder's block (ADR 0017) does not wait on itself
            thread = threading.Thread(target=other)
            thread.start()
            assert not entered.wait(0.3)
        assert not entered.is_set()  # leaving the inner block kept the lock
    thread.join(5)
    assert entered.is_set()

"""A read may run inside a write transaction of the same thread (the browser session's
check runs inside every change): on SQLite it must not wait for the write lock."""

import time

from sqlmodel import select

from apcs_app import db
from apcs_app.domain import User


def test_a_read_inside_a_write_transaction_does_not_wait(database):
    started = time.monotonic()
    with db.transaction() as write:
        write.exec(select(User)).all()
        with db.read() as read:
            assert read.exec(select(User)).all() is not None
    assert time.monotonic() - started < 5  # the write lock's busy timeout is 30 s

"""A PostgreSQL address that accepts the connection and then says nothing (a hung server) makes the
connect fail after the kit's connect timeout, as an error the consumers and web processes treat as
the database being unavailable, instead of blocking them indefinitely."""

import socket
import threading

import pytest
from sqlalchemy.exc import OperationalError

from minqing_kit.db import Database
from minqing_kit.faults import is_transient


@pytest.fixture
def silent_server():
    """Accepts connections on a loopback port and never sends a byte."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.mark.timeout(60)  # without a connect timeout the ping would wait until this kills it
def test_a_silent_server_fails_the_connect_as_the_database_being_unavailable(silent_server):
    db = Database(f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/postgres")
    with pytest.raises(OperationalError) as raised:
        db.ping()
    assert is_transient(raised.value)
    db.dispose()

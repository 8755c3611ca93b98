"""No panic crosses the boundary: it is a coded error and the interpreter lives on."""

import threading

import pytest

import seamline
from seamline import _native


def test_a_panic_is_a_coded_internal_error():
    with pytest.raises(seamline.InternalError) as caught:
        _native._force_panic("forced for the test")
    err = caught.value
    assert isinstance(err, seamline.SeamlineError) and isinstance(err, RuntimeError)
    assert err.code == "INTERNAL"
    assert "forced for the test" in str(err)
    # The interpreter and the library carry on.
    assert seamline.recommend_buffer(24.0, 0.25, 0.95) == 10


def test_a_panic_on_another_thread_is_the_same_coded_error():
    caught = []

    def run():
        try:
            _native._force_panic("from a thread")
        except seamline.SeamlineError as err:
            caught.append(err.code)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert caught == ["INTERNAL"] * 4

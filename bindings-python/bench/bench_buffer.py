"""Per-call cost of the buffer functions from Python: `python bindings-python/bench/bench_buffer.py`.

Tight loops of 1,000,000 calls, best of 3; prints ns per call.
"""

import time

import seamline

N = 1_000_000


def per_call(fn, *args) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(N):
            fn(*args)
        best = min(best, time.perf_counter() - start)
    return best / N * 1e9


def main() -> None:
    policy = seamline.BufferPolicy.fixed(3)
    rows = [
        ("recommend_buffer(24, 0.25, 0.95)  [λ = 6]", per_call(seamline.recommend_buffer, 24.0, 0.25, 0.95)),
        ("recommend_buffer(1000, 1, 0.95)   [λ = 1000]", per_call(seamline.recommend_buffer, 1000.0, 1.0, 0.95)),
        ("oversell_probability(3, 24, 0.25)", per_call(seamline.oversell_probability, 3, 24.0, 0.25)),
        ("published_quantity(120, 7, fixed(3))", per_call(seamline.published_quantity, 120, 7, policy)),
        ("empty Python call (baseline)", per_call(lambda a, b, c: None, 24.0, 0.25, 0.95)),
    ]
    for name, ns in rows:
        print(f"{name:<48} {ns:8.1f} ns/call")


if __name__ == "__main__":
    main()

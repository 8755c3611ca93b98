"""The tie-out call from Arrow input, Python beside Node, on the bench's generated day.

    python bindings-python/bench/tieout/from_arrow.py [--orders 1000000] [--root /tmp/seamline-bench]
                                                      [--repeat 2] [--threads 2]

Reads the day written as typed Parquet by run.py (`--parquet`; decimal amounts, UTC timestamps,
text ids), then, each in a process of its own: Python reads it with pyarrow and times one
`reconcile_columns` over the tables (Arrow handed over through the PyCapsule interface); Node
reads the same tables as Arrow IPC streams (what `apache-arrow`'s `tableToIPC` writes) and times
one `reconcileColumns` over the bytes (bindings-node/bench/tieout-ipc.bench.js). Prints each
call's time, its process's peak memory, Node's ratio to Python, and checks both raised the same
exceptions (issue 21: Node from IPC within 1.5x of Python).
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
TABLES = ["orders", "payments", "fulfilments", "returns", "refunds", "settlements", "movements"]


def config(store):
    """The store's settings as core reads them (snake_case), with the day's as-of."""
    from seamline import cli  # the installed package (a release wheel)

    c = cli._load_toml(store / "seamline.toml")
    c.pop("title", None), c.pop("data", None)
    c["as_of"] = json.loads((store / "meta.json").read_text())["as_of"]
    return c


def camel(value):
    """Settings keys as Node spells them (values untouched)."""
    if isinstance(value, dict):
        return {k.split("_")[0] + "".join(w.title() for w in k.split("_")[1:]): camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel(v) for v in value]
    return value


def python_side(parquet, cfg, threads, out):
    """Runs in its own process: read with pyarrow, time the call."""
    import resource
    import time

    import pyarrow.parquet as pq
    import seamline

    tables = {t: pq.read_table(parquet / f"{t}.parquet") for t in TABLES}
    started = time.perf_counter()
    day = seamline.reconcile_columns(**tables, config=cfg, threads=threads)
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(out).write_text(json.dumps(sorted(e["id"] for e in day.exceptions)))
    print(json.dumps({"call": took, "peak": peak, "exceptions": len(day.exceptions)}))


def ipc(parquet):
    """The tables as Arrow IPC streams beside the Parquet files (written once)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = parquet.parent / "ipc"
    target.mkdir(exist_ok=True)
    for t in TABLES:
        path = target / f"{t}.arrows"
        if not path.exists():
            table = pq.read_table(parquet / f"{t}.parquet")
            with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_stream(sink, table.schema) as w:
                w.write_table(table)
    return target


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--root", type=Path, default=Path("/tmp/seamline-bench"))
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--side", help=argparse.SUPPRESS)
    args = ap.parse_args()
    store = args.root / str(args.orders)
    parquet = store / "parquet"
    cfg = config(store)
    if args.side:
        return python_side(parquet, cfg, args.threads, args.side)
    if not (parquet / "orders.parquet").exists():
        sys.exit(f"{parquet}: run run.py --orders {args.orders} --parquet first")
    streams = ipc(parquet)
    settings = store / "node-config.json"
    settings.write_text(json.dumps(camel(cfg)))
    bench = ROOT / "bindings-node" / "bench" / "tieout-ipc.bench.js"
    results = {"python": [], "node": []}
    for _ in range(args.repeat):
        py = subprocess.run([sys.executable, __file__, "--orders", str(args.orders), "--root", str(args.root),
                             "--threads", str(args.threads), "--side", str(store / "ids-python.json")],
                            check=True, capture_output=True, text=True)
        results["python"].append(json.loads(py.stdout.strip().splitlines()[-1]))
        node = subprocess.run(["node", str(bench), str(streams), str(settings), str(args.threads),
                               str(store / "ids-node.json")], check=True, capture_output=True, text=True)
        results["node"].append(json.loads(node.stdout.strip().splitlines()[-1]))
    same = json.loads((store / "ids-python.json").read_text()) == json.loads((store / "ids-node.json").read_text())
    for side, runs in results.items():
        calls = ", ".join(f"{r['call']:.2f}" for r in runs)
        peaks = ", ".join(f"{r['peak']:,.0f}" for r in runs)
        print(f"{args.orders:>9,} {side:<7} call {calls} s; process peak {peaks} MiB; "
              f"{runs[0]['exceptions']:,} exceptions")
    best = {side: min(r["call"] for r in runs) for side, runs in results.items()}
    print(f"Node over Python (best call each): {best['node'] / best['python']:.2f}x; "
          f"same exception ids: {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()

"""One day's tie-out across a Spark cluster, equal to one process's, byte for byte.

The three steps of a partitioned run (``docs/partitioned-run.md``) on Spark
DataFrames: rows are routed by ``seamline.PARTITION_ROUTES`` (an order,
its child rows and the settlement lines and movements that name it land
in one partition), each partition lists the keys its rows join on and the
keys two partitions share are broadcast, each partition ties out what it
can close on its own, and the driver merges the parts::

    from pyspark.sql import SparkSession
    import seamline.spark

    spark = SparkSession.builder.getOrCreate()
    tables = {name: spark.read.csv(f"day/{name}.csv", header=True)
              for name in ("orders", "payments", "settlements", "movements")}
    day = seamline.spark.tieout(tables, config={"as_of": "2026-11-23T06:00:00Z"})

Every rule is core's: this module only moves rows between Spark and the
three calls (``partition_keys``, ``reconcile_part``, ``merge_parts``).
"""

from __future__ import annotations

import zlib
from operator import add, itemgetter
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple

from . import _native

_ROW = "__seamline_row"

# (table, position in its DataFrame, the row's values)
_Routed = Tuple[str, int, Tuple[Any, ...]]


def _partition(route: Any) -> int:
    """A stable hash of a route value (Python's own ``hash`` of a string
    changes between processes)."""
    return zlib.crc32(str(route).encode("utf-8", "surrogatepass"))


def _tables(rows: Iterable[_Routed], columns: Mapping[str, List[str]]) -> Dict[str, Dict[str, list]]:
    """A partition's rows as core's column tables, each table's rows in
    the order its DataFrame had them."""
    by_table: Dict[str, list] = {name: [] for name in columns}
    for name, at, values in rows:
        by_table[name].append((at, values))
    tables = {}
    for name, items in by_table.items():
        items.sort(key=itemgetter(0))
        tables[name] = {c: [v[k] for _, v in items] for k, c in enumerate(columns[name])}
    return tables


def _routed(name: str, frame: Any) -> Tuple[Any, List[str]]:
    from pyspark.sql import functions as F

    columns = list(frame.columns)
    routes = [c for c in _native.PARTITION_ROUTES[name] if c in columns]

    def pair(row: Any) -> Tuple[str, _Routed]:
        values = tuple(row[c] for c in columns)
        route = next((row[c] for c in routes if row[c] not in (None, "")), "")
        return str(route), (name, row[_ROW], values)

    numbered = frame.withColumn(_ROW, F.monotonically_increasing_id())
    return numbered.rdd.map(pair), columns


def tieout(
    tables: Mapping[str, Any],
    *,
    config: Mapping[str, Any],
    partitions: Optional[int] = None,
    reports: Optional[List[_native.ProcessorReport]] = None,
) -> _native.Reconciliation:
    """The day's ``Reconciliation`` from Spark DataFrames named by table
    (``orders``, ``payments``, ``fulfilments``, ``returns``, ``refunds``,
    ``settlements``, ``movements``), tied out in ``partitions`` partitions
    (default: the context's parallelism). Equal to ``reconcile_columns``
    over the same rows in one process. Processor ``reports`` (read on the
    driver with ``seamline.read_report``) are tied out at the merge."""
    unknown = sorted(set(tables) - set(_native.PARTITION_ROUTES))
    if unknown:
        raise _native_error(f"tables {unknown} are not tie-out tables {sorted(_native.PARTITION_ROUTES)}")
    if "orders" not in tables:
        raise _native_error("the orders table is required")
    first = tables["orders"]
    context = first.sparkSession.sparkContext
    n = partitions or context.defaultParallelism
    rdds = []
    columns: Dict[str, List[str]] = {}
    for name, frame in tables.items():
        rdd, columns[name] = _routed(name, frame)
        rdds.append(rdd)
    settings = dict(config)
    rows = context.union(rdds).partitionBy(n, _partition).values().cache()
    try:

        def keys(it: Iterator[_Routed]) -> Iterator[Tuple[str, int]]:
            return ((k, 1) for k in _native.partition_keys(**_tables(it, columns), config=settings))

        shared = rows.mapPartitions(keys).reduceByKey(add).filter(lambda kv: kv[1] > 1).keys().collect()
        shared_keys = context.broadcast(sorted(shared))

        def part(it: Iterator[_Routed]) -> Iterator[bytes]:
            yield _native.reconcile_part(**_tables(it, columns), config=settings, shared=shared_keys.value)

        parts = rows.mapPartitions(part).collect()
    finally:
        rows.unpersist()
    return _native.merge_parts(parts, config=settings, reports=reports)


def _native_error(message: str) -> Exception:
    from .errors import InvalidArgumentError

    return InvalidArgumentError(message, {"field": "tables"})

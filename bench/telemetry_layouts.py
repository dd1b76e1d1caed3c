"""The measurement behind the telemetry table's layout on SQLite: three candidate layouts, same points, same reads.

- ``clustered-ms``: ``WITHOUT ROWID``, primary key (environment, resource, metric, time, source), time as epoch
  milliseconds — what ``store/pull_tables.py`` uses.
- ``rowid-ms``: an ordinary rowid table with a unique index on the same columns.
- ``clustered-text``: like the first, time as ISO text (how a DateTime column is stored on SQLite), buckets
  by ``strftime``.

Prints write rate, file size and p50/p99 of a month-per-day aggregate and a raw day, per layout.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

KEY = "environment_id, resource_path, metric, ts, source"
LAYOUTS = {
    "clustered-ms": (f"CREATE TABLE p (environment_id TEXT, resource_path TEXT, metric TEXT, ts INTEGER, source TEXT, "
                     f"value REAL, unit TEXT, external_id TEXT, PRIMARY KEY ({KEY})) WITHOUT ROWID", False),
    "rowid-ms": ("CREATE TABLE p (environment_id TEXT, resource_path TEXT, metric TEXT, ts INTEGER, source TEXT, "
                 f"value REAL, unit TEXT, external_id TEXT); CREATE UNIQUE INDEX k ON p ({KEY})", False),
    "clustered-text": (f"CREATE TABLE p (environment_id TEXT, resource_path TEXT, metric TEXT, ts TEXT, source TEXT, "
                       f"value REAL, unit TEXT, external_id TEXT, PRIMARY KEY ({KEY})) WITHOUT ROWID", True),
}  # fmt: skip
START = datetime(2024, 1, 1, tzinfo=UTC)
UPSERT = (
    f"INSERT INTO p VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ({KEY}) "
    "DO UPDATE SET value = excluded.value, unit = excluded.unit, external_id = excluded.external_id"
)


def stamp(minute: int, text: bool) -> object:
    moment = START + timedelta(minutes=minute)
    return moment.strftime("%Y-%m-%d %H:%M:%S.000000+00:00") if text else int(moment.timestamp() * 1000)


def measure(name: str, points: int, series: int, queries: int, folder: Path) -> str:
    ddl, text = LAYOUTS[name]
    path = folder / f"{name}.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(ddl)
    per = points // series
    began = time.perf_counter()
    for s in range(series):
        for first in range(0, per, 20_000):
            rows = [
                ("env", f"places/p/things/{s}", "power", stamp(i, text), "int", float(i % 1000), "kW", "m")
                for i in range(first, min(per, first + 20_000))
            ]
            db.execute("BEGIN IMMEDIATE")
            db.executemany(UPSERT, rows)
            db.execute("COMMIT")
    rate = per * series / (time.perf_counter() - began)
    rng = random.Random(7)
    timings: dict[str, list[float]] = {"month per 1d": [], "raw day": []}
    for _ in range(queries):
        low = rng.randrange(0, per - 30 * 1440)
        where = "environment_id = 'env' AND resource_path = ? AND metric = 'power' AND ts >= ? AND ts < ?"
        args = (f"places/p/things/{rng.randrange(series)}", stamp(low, text), stamp(low + 30 * 1440, text))
        bucket = "substr(ts, 1, 10)" if text else "ts - ts % 86400000"
        for label, sql, bound in [
            ("month per 1d", f"SELECT {bucket} b, min(value), max(value), avg(value), sum(value), count(*) "
                             f"FROM p WHERE {where} GROUP BY b ORDER BY b", args),
            ("raw day", f"SELECT ts, value, unit, source FROM p WHERE {where} ORDER BY ts LIMIT 10000",
             (args[0], args[1], stamp(low + 1440, text))),
        ]:  # fmt: skip
            began = time.perf_counter()
            db.execute(sql, bound).fetchall()
            timings[label].append((time.perf_counter() - began) * 1000)
    db.close()
    size = sum(f.stat().st_size for f in folder.glob(f"{name}.db*")) / 1e6
    cells = [f"{rate:,.0f}/s", f"{size:.0f} MB"]
    for values in timings.values():
        values.sort()
        cells.append(f"{values[len(values) // 2]:.1f} / {values[min(len(values) - 1, int(len(values) * 0.99))]:.1f} ms")
    return f"| {name} | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--series", type=int, default=10)
    parser.add_argument("--queries", type=int, default=30)
    args = parser.parse_args()
    print(f"{args.points:,} points over {args.series} series, SQLite {sqlite3.sqlite_version}")
    print("| layout | upsert rate | size | month per 1d p50 / p99 | raw day p50 / p99 |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory(prefix="interlink-layouts-") as tmp:
        for name in LAYOUTS:
            print(measure(name, args.points, args.series, args.queries, Path(tmp)), flush=True)


if __name__ == "__main__":
    main()

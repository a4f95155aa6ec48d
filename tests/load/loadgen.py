"""A small closed-loop HTTP load generator for any SPARQL endpoint (independent of ``kg``).

``clients`` concurrent clients each send a query, wait for the answer, and send the next, for
``seconds``; queries are taken round-robin from ``*.rq`` files, each client starting at its own
offset. Each client has its own connection (HTTP/1.1 keep-alive). Reports requests/s, p50/p99
latency and errors (any status other than 200, or a transport error), overall and per query.

    python tests/load/loadgen.py http://127.0.0.1:8000/sparql queries/ --clients 1 8 32 --seconds 15
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx


@dataclass
class Result:
    clients: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)  # query name → seconds
    errors: Counter[str] = field(default_factory=Counter)  # "name: status or exception" → count

    @property
    def requests(self) -> int:
        return sum(map(len, self.latencies.values())) + sum(self.errors.values())

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        """Latency percentile over all answered requests, in milliseconds."""
        every = sorted(x for xs in self.latencies.values() for x in xs)
        if not every:
            return float("nan")
        if len(every) == 1:
            return every[0] * 1000
        return statistics.quantiles(every, n=100, method="inclusive")[round(p) - 1] * 1000

    def row(self) -> str:
        return (f"| {self.clients} | {self.requests} | {self.rate:.1f} | {self.percentile(50):.0f} | "
                f"{self.percentile(99):.0f} | {sum(self.errors.values())} |")


def read_queries(folder: Path) -> list[tuple[str, str]]:
    return [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.rq"))]


async def run(endpoint: str, queries: list[tuple[str, str]], clients: int, seconds: float,
              timeout: float = 60.0) -> Result:
    result = Result(clients, seconds)
    end = time.monotonic() + seconds

    async def client(offset: int) -> None:
        async with httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=1)) as http:
            i = offset
            while time.monotonic() < end:
                name, text = queries[i % len(queries)]
                i += 1
                started = time.monotonic()
                try:
                    response = await http.post(endpoint, content=text.encode(), headers={
                        "content-type": "application/sparql-query",
                        "accept": "application/sparql-results+json"})
                    await response.aread()
                except httpx.HTTPError as exc:
                    result.errors[f"{name}: {type(exc).__name__}"] += 1
                    continue
                if response.status_code != 200:
                    result.errors[f"{name}: {response.status_code}"] += 1
                    continue
                result.latencies.setdefault(name, []).append(time.monotonic() - started)

    started = time.monotonic()
    await asyncio.gather(*(client(k) for k in range(clients)))
    result.seconds = time.monotonic() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("endpoint")
    parser.add_argument("queries", type=Path)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    queries = read_queries(args.queries)
    print("| clients | requests | requests/s | p50 ms | p99 ms | errors |")
    print("|---:|---:|---:|---:|---:|---:|")
    for clients in args.clients:
        result = asyncio.run(run(args.endpoint, queries, clients, args.seconds))
        print(result.row(), dict(result.errors) or "", flush=True)


if __name__ == "__main__":
    main()

"""The load benchmark reads wrk's report; a wrong parse would publish wrong numbers."""

from __future__ import annotations

from bench.measure.load import parse_wrk

WRK_OUTPUT = """Running 1m test @ http://127.0.0.1:8000
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   812.41ms  120.33ms   1.50s    70.00%
  Latency Distribution
     50%  800.12ms
     75%  880.00ms
     90%  950.50ms
     99%    1.21s
  3600 requests in 1.00m, 9.10MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:     59.95
Transfer/sec:    155.21KB
"""


def test_parse_wrk() -> None:
    parsed = parse_wrk(WRK_OUTPUT)
    assert parsed == {"requests": 3600.0, "rps": 59.95, "p50_ms": 800.12, "p90_ms": 950.5, "p99_ms": 1210.0, "errors": 7.0}


def test_parse_wrk_without_errors() -> None:
    clean = "\n".join(line for line in WRK_OUTPUT.splitlines() if "errors" not in line and "Non-2xx" not in line)
    assert parse_wrk(clean)["errors"] == 0.0

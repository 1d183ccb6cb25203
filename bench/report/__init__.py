"""The benchmarks page: docs/benchmarks.md rendered from bench/results (python -m bench.report)."""

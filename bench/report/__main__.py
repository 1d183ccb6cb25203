"""python -m bench.report: render docs/benchmarks.md from bench/results."""

from bench.report.page import main

if __name__ == "__main__":
    main()

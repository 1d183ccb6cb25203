"""Measurements: each module times or counts one thing and writes bench/results/<name>.json (run as python -m bench.measure.<name>)."""

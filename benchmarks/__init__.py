"""Benchmarks of symcm (run as ``python -m benchmarks.<name>``); see docs/benchmarks.md."""

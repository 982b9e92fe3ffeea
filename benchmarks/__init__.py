"""Benchmarks: figures reported as ratios against a plain-Textual baseline measured in the same run."""

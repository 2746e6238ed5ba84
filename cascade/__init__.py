"""Cascade: the Renstra PD cascading as validated YAML, built into Word, PK and pohon kinerja."""

__version__ = "0.1.0"

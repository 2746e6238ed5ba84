"""Validate stage: JSON Schema per file kind, then domain rules over the model."""

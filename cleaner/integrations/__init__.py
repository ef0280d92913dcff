"""Integrations with data-processing engines (optional extras)."""

"""Exports of a store for other tools: one module per format."""

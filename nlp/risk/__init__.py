"""Explainable risk: rules from rules/*.yaml, scored with model outputs and engagement."""

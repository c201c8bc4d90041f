"""Incidents: posts grouped by problem, the reaction queue with SLA deadlines, surges."""

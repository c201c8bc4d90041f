"""Radar's web application: the REST API (web.api), the Atom feed and the dashboard."""

"""``radar run``: the long-running service (scheduler, live config, processing, web)."""

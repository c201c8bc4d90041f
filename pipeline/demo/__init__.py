"""The offline demo: bundled regional posts written by the project (no real people)."""

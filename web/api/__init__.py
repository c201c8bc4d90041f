"""The REST API under /api/ and the Atom alert feed (/alerts.atom)."""

"""Collector ``telegram_api``: channels and their discussion comments through telethon."""

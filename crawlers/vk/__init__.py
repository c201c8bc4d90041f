"""The VK collector: walls, comments and keyword search through vk_api (see docs/vk.md)."""

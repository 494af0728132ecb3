"""The map canvas: scene, items, view and the tools that edit through commands."""

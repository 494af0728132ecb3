"""Windows, panels, the canvas and charts: the Qt side of Journey Workshop."""

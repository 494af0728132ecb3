"""The conflicts panel: conflicting needs and emotion gaps, and what the group decided."""

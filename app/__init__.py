"""Journey Workshop: map care journeys with patients and clinicians and spot conflicting needs."""

__version__ = "0.2.0"

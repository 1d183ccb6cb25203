"""Tuning: fits what the service ships (the calibrators) or replays a setting over a finished run."""

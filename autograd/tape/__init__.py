"""The tape: a scalar graph traced once, read as straight-line code, replayed over a batch."""

"""Scale benchmarks: each operation beside the same work on plain SQLite (the floor).

Run ``python -m benchmarks --scale N``; one line per operation:
``<name>: median <ms> ms; floor <ms> ms; ratio <x>``.
"""

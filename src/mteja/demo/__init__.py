"""Demo data: a small institution that a newcomer can click through.

Each part is a function that takes a seeded `random.Random`, so the demo is the same on every
machine; later parts (clients, groups, accounts) add their own functions to `PARTS`.
"""

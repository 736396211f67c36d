"""Domain logic for Jiangle Inspect: layers, road graph, tours, schedules, maps, print packs.

Nothing in this package imports Flask; the web layer in ``routes/`` calls into it.
"""

"""Generator of the shipped sample layers, one module per layer; run scripts/build_sample_layers.py.

Only the county outline, the township codes and the township seats are real data
(``reference``); every other layer is approximated, synthetic or sample data, built
deterministically from one fixed seed.
"""

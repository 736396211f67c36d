"""The use cases between the web layer and the domain: each service reads the store, runs the
rules of ``geo/`` on plain data, writes through the store and returns typed records. Services
take the language, the user and today as arguments and never touch a Flask request, so they run
(and are tested) the same from a blueprint, a CLI command or a test.
"""

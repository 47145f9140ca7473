"""The domain beneath everything: types, rules, clock, working hours, assignment, events.

It imports nothing else of rexbot: flows, storage and the runtime all stand on it.
"""

"""Alarm sounds, played in a loop by the console while a life alarm is unclaimed.

``alarm.wav``: two tones (880 / 660 Hz), 0.6 s; ``alarm_urgent.wav``: louder and twice as
fast (1 320 / 990 Hz, 0.3 s per pair), for an alarm that escalated. Both are written by
``python -m resources.sounds.generate`` and committed, so nothing is generated at run time.
"""

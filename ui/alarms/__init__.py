"""The Alarms screen: the queue with live countdowns, the claim, the emergency card with
one-key actions and the resolve form, and the device supervision tab."""

"""The Order board screen."""

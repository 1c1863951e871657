"""Ports and links: bytes from serial lines (and pyserial URLs) to codecs and back."""

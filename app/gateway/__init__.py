"""The headless gateway: receivers and caller-ID boxes in, committed rows and bus messages out.

``ingest`` stores one event (the serial link's sink), ``journal`` keeps events safe on the
local disk while the database is unreachable, ``supervision`` raises "device silent" and
"receiver silent" alarms, ``service`` wires ports, the DC-09 listener and the sweep together.
"""

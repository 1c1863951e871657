"""Work orders (工单): routing to a firm, dispatch, the state machine, and the order board.

``routing``  which eligible firm gets an order, and why.
``service``  quote, dispatch, transitions, an order's detail, an elder's recent orders.
``board``    the board's filtered, keyset-paged list and its count (millions of orders).
``presence`` who is editing which order, announced to every seat.
"""

# Imported for its hook: any change to an order bumps its version (see the module).
from app.orders import versioning as _versioning  # noqa: F401

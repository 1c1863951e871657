"""Follow-up screen: callbacks, care calls, daily check-ins and complaints."""

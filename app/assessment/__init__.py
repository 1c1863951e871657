"""Monthly firm assessment (考核) and the subsidy settlement that follows from it."""

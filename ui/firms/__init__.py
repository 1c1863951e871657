"""The Firms screen: contracted service firms, their coverage, items and staff."""

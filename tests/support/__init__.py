"""Test support: real brokers and databases, found or started in the documented order."""

"""Thin views by concern: resolve access (404 for anyone without it), parse, call a service, render."""

"""Offline training and evaluation code for credscore (reads ../shared/data via --data-dir)."""

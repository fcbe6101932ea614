"""Reconcile: group matching claims across sources, relate them and flag conflicts."""

"""Prompt templates as text files, shipped as package data and read with importlib.resources."""

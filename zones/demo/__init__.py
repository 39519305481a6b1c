"""The synthetic demo dataset: zone-level data invented so that every published figure of the
reform (published.py) comes out of the indicator registry exactly, as of its date."""

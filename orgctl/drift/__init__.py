"""`orgctl drift`: what was changed by hand since the blueprint was deployed."""

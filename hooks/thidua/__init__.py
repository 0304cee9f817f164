"""thidua: the domain of the emulation-campaign portal (no MkDocs imports here)."""

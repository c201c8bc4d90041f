"""Training: dataset loaders, cross-validated fitting and the model card (`radar train`)."""

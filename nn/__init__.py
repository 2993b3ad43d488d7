"""nn: neurons, layers, losses, optimizers and training, built on autograd."""

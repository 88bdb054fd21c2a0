"""M2FP: checkpoint, configuration and the parser that runs network and post-processing in
stages."""

"""M2FP's multi-person post-processing at the photo's resolution, in bounded memory."""

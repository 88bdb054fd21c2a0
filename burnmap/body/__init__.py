"""The body on a photo: parts to Lund-Browder regions, the surface model, the burn by depth, counts
per surface cell, which photo measures each cell."""

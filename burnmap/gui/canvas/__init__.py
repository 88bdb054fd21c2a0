"""The photo and its segmentation side by side, layers, painting tools."""

"""PDF (reportlab) and DICOM (pydicom) reports; no Qt, no torch."""

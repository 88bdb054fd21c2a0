"""Body parsers behind ParserProvider: the default (MediaPipe) and M2FP; no regions, burns or
assessments."""

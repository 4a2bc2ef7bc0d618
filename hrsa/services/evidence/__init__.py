"""Documentary evidence: the one upload pipeline (size, content, quota), recognising file types
by content, and the evidence items (files and links) behind a rating."""

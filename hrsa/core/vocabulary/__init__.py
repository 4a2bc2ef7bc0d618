"""The service's domain vocabulary, defined once: each value with its label and presentation.

Every page, audit history, heatmap, PDF and spreadsheet takes its words and colours from here,
so "Amber" is spelt, coloured and lettered the same everywhere. The stored value is the enum's
string value (the database has CHECK constraints on the same sets). The meaning of each rating
shown to users comes from the framework file's `rag` section (see hrsa.core.framework), not from
here.

One module per area, each on the shared base (hrsa.core.vocabulary.base): ratings, assessment,
moderation, resources, people, schools and audit. Import from the module itself.

No Flask and no SQLAlchemy: the PDF renderer and the XLSX writer import this too.
"""

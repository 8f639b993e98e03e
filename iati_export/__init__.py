"""IATI 2.03 activity export: public pilots as IATI activities with their results.

`codes` maps the portal's vocabularies to IATI codelists, `selectors` reads what may be published
(public pilots, approved values only), `xml` writes the `iati-activities` document, and the
portal (`views`) and the API (`api`) serve it per pilot, organisation and programme. How it maps
is documented in docs/api.md.
"""

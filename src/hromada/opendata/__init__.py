"""The open-data portal: publishers, datasets with the Resolution 835 passport, resources, a datastore.

Speaks the CKAN Action API v3 and DCAT-AP so national harvesters and CKAN clients work as-is."""

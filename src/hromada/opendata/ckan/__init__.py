"""The CKAN Action API v3 adapter: package, organization, group, tag, licence and datastore actions
answering in CKAN's envelope, so data.gov.ua's harvester and ckanapi work without custom code."""

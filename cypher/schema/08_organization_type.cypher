// Organizations by type (administration, ngo, company, ...).
CREATE INDEX organization_type IF NOT EXISTS FOR (o:Organization) ON (o.type)

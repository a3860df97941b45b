// Organizations by sector (public, private, civil, social_economy).
CREATE INDEX organization_sector IF NOT EXISTS FOR (o:Organization) ON (o.sector)

-- Diacritic-insensitive and trigram search (DESIGN.md rule 5); both engines ship these.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;

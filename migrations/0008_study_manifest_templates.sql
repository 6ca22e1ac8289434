CREATE TABLE "study_manifest_templates" (
	"study_id" uuid PRIMARY KEY NOT NULL,
	"instances_version" integer NOT NULL,
	"instance_count" integer NOT NULL,
	"modalities" text NOT NULL,
	"series_json" text NOT NULL,
	"object_keys" text[] NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "studies" ADD COLUMN "instances_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "study_manifest_templates" ADD CONSTRAINT "study_manifest_templates_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."studies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- A study's manifest template (lib/studies/manifest-template.ts) is valid only for
-- the instances_version it was built from: every insert, update or delete of one of
-- the study's instances bumps it, in the same transaction (on an update that moves an
-- instance, both studies). Ingest already locks the study row (its upsert), so this
-- adds no contention. SECURITY INVOKER: whoever may write instances may update
-- studies (the portal role has both, 0004); the search_path is fixed all the same.
CREATE FUNCTION studies_bump_instances_version() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE studies SET instances_version = instances_version + 1 WHERE id = OLD.study_id;
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.study_id IS DISTINCT FROM OLD.study_id) THEN
    UPDATE studies SET instances_version = instances_version + 1 WHERE id = NEW.study_id;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER instances_bump_study_version AFTER INSERT OR UPDATE OR DELETE ON instances
  FOR EACH ROW EXECUTE FUNCTION studies_bump_instances_version();--> statement-breakpoint
-- The template also carries each series' head (UID, number, description, modality).
-- Ingest's series upsert rewrites the row with the same values on every file, so the
-- WHEN clause fires only on a real change; a new series has no instances yet, and one
-- with instances cannot be deleted (foreign key).
CREATE TRIGGER series_bump_study_version AFTER UPDATE ON series
  FOR EACH ROW
  WHEN ((OLD.study_id, OLD.series_instance_uid, OLD.series_number, OLD.description, OLD.modality)
    IS DISTINCT FROM (NEW.study_id, NEW.series_instance_uid, NEW.series_number, NEW.description, NEW.modality))
  EXECUTE FUNCTION studies_bump_instances_version();--> statement-breakpoint
-- Templates are rewritten, never deleted by the portal (they go with their study).
REVOKE ALL ON study_manifest_templates FROM scanshare_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON study_manifest_templates TO scanshare_app;

CREATE TYPE "public"."link_recipient_kind" AS ENUM('patient', 'named', 'any_holder');--> statement-breakpoint
CREATE TYPE "public"."audit_action" AS ENUM('C', 'R', 'U', 'D', 'E');--> statement-breakpoint
CREATE TYPE "public"."consent_method" AS ENUM('signed_form', 'on_screen_signature', 'verbal_witnessed');--> statement-breakpoint
CREATE TYPE "public"."consent_recipient_kind" AS ENUM('named', 'any_holder');--> statement-breakpoint
CREATE TYPE "public"."consent_scope" AS ENUM('all_studies', 'selected_studies');--> statement-breakpoint
CREATE TYPE "public"."consent_status" AS ENUM('active', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."share_purpose" AS ENUM('treatment', 'second_opinion', 'research');--> statement-breakpoint
CREATE TABLE "consent_version_studies" (
	"consent_version_id" uuid NOT NULL,
	"study_id" uuid NOT NULL,
	CONSTRAINT "consent_version_studies_consent_version_id_study_id_pk" PRIMARY KEY("consent_version_id","study_id")
);
--> statement-breakpoint
CREATE TABLE "consent_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consent_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" "consent_status" NOT NULL,
	"scope" "consent_scope" NOT NULL,
	"recipient_kind" "consent_recipient_kind" NOT NULL,
	"recipient_name" text,
	"recipient_email" text,
	"purpose" "share_purpose" NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"method" "consent_method" NOT NULL,
	"evidence_object_key" text,
	"evidence_content_type" text,
	"evidence_sha256" text,
	"witness_name" text,
	"note" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_versions_consent_version_key" UNIQUE("consent_id","version"),
	CONSTRAINT "consent_versions_valid_range" CHECK ("consent_versions"."valid_until" > "consent_versions"."valid_from"),
	CONSTRAINT "consent_versions_named_has_email" CHECK ("consent_versions"."recipient_kind" <> 'named' or "consent_versions"."recipient_email" is not null),
	CONSTRAINT "consent_versions_evidence" CHECK (("consent_versions"."method" = 'verbal_witnessed' and "consent_versions"."witness_name" is not null) or ("consent_versions"."method" <> 'verbal_witnessed' and "consent_versions"."evidence_object_key" is not null))
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid NOT NULL,
	"patient_ref" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "patient_ref" uuid;--> statement-breakpoint
-- Every link shares the studies of one patient (checked as it is created).
UPDATE "share_links" l SET "patient_ref" = (
  SELECT s."patient_ref" FROM "share_link_studies" ls JOIN "studies" s ON s."id" = ls."study_id" WHERE ls."share_link_id" = l."id" LIMIT 1
);--> statement-breakpoint
ALTER TABLE "share_links" ALTER COLUMN "patient_ref" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "recipient_kind" "link_recipient_kind" DEFAULT 'patient' NOT NULL;--> statement-breakpoint
-- Links issued before consents existed: one with a named recipient cannot be covered
-- after the fact, so it is revoked (its issuer sees it as revoked and can issue a new
-- one under a consent); the others were handed to the patient.
UPDATE "share_links" SET "recipient_kind" = 'named', "revoked_at" = coalesce("revoked_at", now()) WHERE "recipient_email" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "share_links" ALTER COLUMN "recipient_kind" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "purpose" "share_purpose";--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "consent_id" uuid;--> statement-breakpoint
ALTER TABLE "audit_chain" ADD COLUMN "format" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "actor_role" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "action" "audit_action" DEFAULT 'E' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "purpose_of_use" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "patient_ref" uuid;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "study_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "consent_version_studies" ADD CONSTRAINT "consent_version_studies_consent_version_id_consent_versions_id_fk" FOREIGN KEY ("consent_version_id") REFERENCES "public"."consent_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_version_studies" ADD CONSTRAINT "consent_version_studies_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."studies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_versions" ADD CONSTRAINT "consent_versions_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."consents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_versions" ADD CONSTRAINT "consent_versions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_patient_ref_patients_id_fk" FOREIGN KEY ("patient_ref") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consents_patient_idx" ON "consents" USING btree ("patient_ref");--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_patient_ref_patients_id_fk" FOREIGN KEY ("patient_ref") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."consents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "share_links_consent_idx" ON "share_links" USING btree ("consent_id");--> statement-breakpoint
CREATE INDEX "share_links_patient_idx" ON "share_links" USING btree ("patient_ref");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "audit_events_patient_idx" ON "audit_events" USING btree ("patient_ref");--> statement-breakpoint
CREATE INDEX "audit_events_studies_idx" ON "audit_events" USING gin ("study_ids");--> statement-breakpoint
-- NOT VALID: checked for every new or changed row; the named links revoked above
-- (issued before consents) are the only rows without a consent, and stay revoked.
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_consent_required" CHECK ("share_links"."recipient_kind" = 'patient' or ("share_links"."consent_id" is not null and "share_links"."purpose" is not null)) NOT VALID;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_named_has_email" CHECK ("share_links"."recipient_kind" <> 'named' or "share_links"."recipient_email" is not null);--> statement-breakpoint
-- Consents are never changed or deleted: a change or a withdrawal is a new version.
CREATE FUNCTION consents_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused): record a new consent version instead', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER consents_no_update_delete BEFORE UPDATE OR DELETE ON consents
  FOR EACH ROW EXECUTE FUNCTION consents_refuse_change();--> statement-breakpoint
CREATE TRIGGER consents_no_truncate BEFORE TRUNCATE ON consents
  FOR EACH STATEMENT EXECUTE FUNCTION consents_refuse_change();--> statement-breakpoint
CREATE TRIGGER consent_versions_no_update_delete BEFORE UPDATE OR DELETE ON consent_versions
  FOR EACH ROW EXECUTE FUNCTION consents_refuse_change();--> statement-breakpoint
CREATE TRIGGER consent_versions_no_truncate BEFORE TRUNCATE ON consent_versions
  FOR EACH STATEMENT EXECUTE FUNCTION consents_refuse_change();--> statement-breakpoint
CREATE TRIGGER consent_version_studies_no_update_delete BEFORE UPDATE OR DELETE ON consent_version_studies
  FOR EACH ROW EXECUTE FUNCTION consents_refuse_change();--> statement-breakpoint
CREATE TRIGGER consent_version_studies_no_truncate BEFORE TRUNCATE ON consent_version_studies
  FOR EACH STATEMENT EXECUTE FUNCTION consents_refuse_change();--> statement-breakpoint
REVOKE ALL ON consents, consent_versions, consent_version_studies FROM scanshare_app;--> statement-breakpoint
GRANT SELECT, INSERT ON consents, consent_versions, consent_version_studies TO scanshare_app;--> statement-breakpoint
-- Canonical form v2 (lib/audit/audit-chain-format.ts, format 2): v1's fields with the
-- tag 'scanshare-audit-v2', then actor_role, action, purpose_of_use, patient_ref and
-- study_ids (the array's text form, e.g. {a,b}). Entries chained before this
-- migration keep format 1 and verify as they were written.
CREATE FUNCTION audit_event_canonical_v2(e audit_events, chain_seq bigint) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT audit_canonical_field('scanshare-audit-v2')
      || audit_canonical_field(chain_seq::text)
      || audit_canonical_field(e.id::text)
      || audit_canonical_field(to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
      || audit_canonical_field(e.type)
      || audit_canonical_field(e.outcome::text)
      || audit_canonical_field(e.reason)
      || audit_canonical_field(e.facility_id::text)
      || audit_canonical_field(e.actor_type::text)
      || audit_canonical_field(e.actor_id::text)
      || audit_canonical_field(e.subject_type)
      || audit_canonical_field(e.subject_id::text)
      || audit_canonical_field(e.details::text)
      || audit_canonical_field(e.client_ip)
      || audit_canonical_field(e.user_agent)
      || audit_canonical_field(e.actor_role)
      || audit_canonical_field(e.action::text)
      || audit_canonical_field(e.purpose_of_use)
      || audit_canonical_field(e.patient_ref::text)
      || audit_canonical_field(e.study_ids::text)
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  last_seq bigint;
  last_hash bytea;
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'audit events must be written in READ COMMITTED transactions, not %', current_setting('transaction_isolation')
      USING ERRCODE = 'feature_not_supported';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('scanshare.audit_chain', 0));
  SELECT c.chain_seq, c.row_hash INTO last_seq, last_hash FROM audit_chain c ORDER BY c.chain_seq DESC LIMIT 1;
  IF NOT FOUND THEN
    last_seq := 0;
    last_hash := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
  END IF;
  INSERT INTO audit_chain (chain_seq, event_id, format, prev_hash, row_hash)
  VALUES (last_seq + 1, NEW.id, 2, last_hash, sha256(last_hash || audit_event_canonical_v2(NEW, last_seq + 1)));
  RETURN NULL;
END;
$$;

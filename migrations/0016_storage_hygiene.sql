CREATE TYPE "public"."storage_integrity_problem" AS ENUM('checksum_mismatch', 'missing');--> statement-breakpoint
CREATE TYPE "public"."storage_object_role" AS ENUM('instance', 'received');--> statement-breakpoint
CREATE TABLE "storage_integrity_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid NOT NULL,
	"study_id" uuid NOT NULL,
	"instance_id" uuid NOT NULL,
	"object_role" "storage_object_role" NOT NULL,
	"problem" "storage_integrity_problem" NOT NULL,
	"expected_sha256" text NOT NULL,
	"found_sha256" text,
	"expected_bytes" bigint NOT NULL,
	"found_bytes" bigint,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);--> statement-breakpoint
CREATE TABLE "storage_scrub_state" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"cursor" uuid,
	"pass_started_at" timestamp with time zone,
	"last_pass_started_at" timestamp with time zone,
	"last_pass_completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "storage_scrub_state_one_row" CHECK ("storage_scrub_state"."id" = 1)
);--> statement-breakpoint
ALTER TABLE "storage_integrity_failures" ADD CONSTRAINT "storage_integrity_failures_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "storage_integrity_failures" ADD CONSTRAINT "storage_integrity_failures_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."studies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "storage_integrity_failures" ADD CONSTRAINT "storage_integrity_failures_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "storage_integrity_failures_open_idx" ON "storage_integrity_failures" USING btree ("instance_id","object_role") WHERE "storage_integrity_failures"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "storage_integrity_failures_facility_idx" ON "storage_integrity_failures" USING btree ("facility_id","detected_at");--> statement-breakpoint
-- The portal's role records failures and moves the scrub's cursor; it never deletes
-- a failure (the list is what admins were alerted about). Default privileges (0004)
-- gave it DELETE on both tables.
REVOKE DELETE ON storage_integrity_failures FROM scanshare_app;--> statement-breakpoint
REVOKE DELETE ON storage_scrub_state FROM scanshare_app;--> statement-breakpoint
INSERT INTO storage_scrub_state (id) VALUES (1);

-- Import reconciliation (lib/quarantine/reconcile-quarantined-file.ts): the bytes an
-- outside upload arrived with, kept beside the reconciled copy that is served, and
-- the facility's Issuer of Patient ID written into such copies. Table-level grants to
-- scanshare_app (migration 0004) already cover new columns.
ALTER TABLE "facilities" ADD COLUMN "issuer_of_patient_id" text;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "received_object_key" text;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "received_sha256" text;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "received_byte_size" bigint;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_received_object_key_unique" UNIQUE("received_object_key");--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_issuer_of_patient_id_lo" CHECK (char_length("facilities"."issuer_of_patient_id") between 1 and 64 and "facilities"."issuer_of_patient_id" !~ '[\\[:cntrl:]]');--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_received_all_or_none" CHECK (("instances"."received_object_key" is null) = ("instances"."received_sha256" is null) and ("instances"."received_object_key" is null) = ("instances"."received_byte_size" is null));
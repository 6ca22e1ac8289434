-- The bytes an outside upload arrived with, kept beside the reconciled copy that is
-- served (lib/quarantine/reconcile-quarantined-file.ts). Table-level grants to
-- scanshare_app already cover new columns.
ALTER TABLE "instances" ADD COLUMN "received_object_key" text;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "received_sha256" text;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "received_byte_size" bigint;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_received_object_key_unique" UNIQUE("received_object_key");--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_received_all_or_none" CHECK (("instances"."received_object_key" is null) = ("instances"."received_sha256" is null) and ("instances"."received_object_key" is null) = ("instances"."received_byte_size" is null));
CREATE TYPE "public"."quarantine_status" AS ENUM('pending', 'accepted', 'rejected');--> statement-breakpoint
ALTER TYPE "public"."access_check_kind" ADD VALUE 'email_otp';--> statement-breakpoint
CREATE TABLE "inbox_reviews" (
	"user_id" uuid NOT NULL,
	"share_link_id" uuid NOT NULL,
	"study_id" uuid NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_reviews_user_id_share_link_id_study_id_pk" PRIMARY KEY("user_id","share_link_id","study_id")
);
--> statement-breakpoint
CREATE TABLE "link_one_time_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"share_link_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quarantine_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"upload_link_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"object_key" text NOT NULL,
	"sha256" text NOT NULL,
	"byte_size" bigint NOT NULL,
	"study_instance_uid" text NOT NULL,
	"sop_instance_uid" text NOT NULL,
	"header" jsonb NOT NULL,
	"mismatches" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "quarantine_status" DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quarantine_files_object_key_unique" UNIQUE("object_key"),
	CONSTRAINT "quarantine_files_decided" CHECK (("quarantine_files"."status" = 'pending') = ("quarantine_files"."decided_at" is null))
);
--> statement-breakpoint
CREATE TABLE "upload_link_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"upload_link_id" uuid NOT NULL,
	"secret_sha256" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "upload_link_sessions_secret_sha256_unique" UNIQUE("secret_sha256")
);
--> statement-breakpoint
CREATE TABLE "upload_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid NOT NULL,
	"patient_ref" uuid NOT NULL,
	"token_sha256" text NOT NULL,
	"created_by" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"access_check_kind" "access_check_kind" NOT NULL,
	"access_check_hash" text NOT NULL,
	"delivery_email" text,
	"note_to_uploader" text,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "upload_links_token_sha256_unique" UNIQUE("token_sha256")
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid,
	"kind" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body_text" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "share_links" ALTER COLUMN "created_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "parent_link_id" uuid;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "max_opens" integer;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "download_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "allow_download" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "allow_forward" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "note_to_recipient" text;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "delivery_email" text;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "alert_issuer" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "alert_email" text;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "first_opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inbox_reviews" ADD CONSTRAINT "inbox_reviews_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_reviews" ADD CONSTRAINT "inbox_reviews_share_link_id_share_links_id_fk" FOREIGN KEY ("share_link_id") REFERENCES "public"."share_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_reviews" ADD CONSTRAINT "inbox_reviews_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."studies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_one_time_codes" ADD CONSTRAINT "link_one_time_codes_share_link_id_share_links_id_fk" FOREIGN KEY ("share_link_id") REFERENCES "public"."share_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_files" ADD CONSTRAINT "quarantine_files_upload_link_id_upload_links_id_fk" FOREIGN KEY ("upload_link_id") REFERENCES "public"."upload_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_files" ADD CONSTRAINT "quarantine_files_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_files" ADD CONSTRAINT "quarantine_files_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_link_sessions" ADD CONSTRAINT "upload_link_sessions_upload_link_id_upload_links_id_fk" FOREIGN KEY ("upload_link_id") REFERENCES "public"."upload_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_links" ADD CONSTRAINT "upload_links_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_links" ADD CONSTRAINT "upload_links_patient_ref_patients_id_fk" FOREIGN KEY ("patient_ref") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_links" ADD CONSTRAINT "upload_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "link_one_time_codes_link_idx" ON "link_one_time_codes" USING btree ("share_link_id","created_at");--> statement-breakpoint
CREATE INDEX "quarantine_files_facility_status_idx" ON "quarantine_files" USING btree ("facility_id","status","received_at");--> statement-breakpoint
CREATE INDEX "quarantine_files_link_idx" ON "quarantine_files" USING btree ("upload_link_id");--> statement-breakpoint
CREATE INDEX "upload_links_facility_idx" ON "upload_links" USING btree ("facility_id","created_at");--> statement-breakpoint
CREATE INDEX "email_outbox_pending_idx" ON "email_outbox" USING btree ("sent_at","next_attempt_at");--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_parent_link_id_share_links_id_fk" FOREIGN KEY ("parent_link_id") REFERENCES "public"."share_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "share_links_parent_idx" ON "share_links" USING btree ("parent_link_id");--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_issuer" CHECK ("share_links"."created_by" is not null or "share_links"."parent_link_id" is not null);--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_max_opens" CHECK ("share_links"."max_opens" is null or "share_links"."max_opens" > 0);--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_otp_has_email" CHECK ("share_links"."access_check_kind"::text <> 'email_otp' or "share_links"."delivery_email" is not null);
ALTER TABLE "facilities" ADD COLUMN "display_name" text;
--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "phone" text;
--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "address" text;
--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "help_text" text;
--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_display_name_length" CHECK (char_length("facilities"."display_name") between 1 and 120);
--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_phone_length" CHECK (char_length("facilities"."phone") between 3 and 40);
--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_address_length" CHECK (char_length("facilities"."address") between 1 and 300);
--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_help_text_length" CHECK (char_length("facilities"."help_text") between 1 and 1000);
CREATE TABLE "activities" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"category_code" text NOT NULL,
	"estate" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"points_rule" text NOT NULL,
	"points_minor" bigint NOT NULL,
	"cap_minor" bigint,
	"planned_participants" integer NOT NULL,
	"certifiers_required" smallint DEFAULT 2 NOT NULL,
	"organiser_key_id" text,
	"organiser_account_id" text,
	"held_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "activities_points_rule_check" CHECK ("activities"."points_rule" IN ('fixed', 'hourly')),
	CONSTRAINT "activities_points_positive" CHECK ("activities"."points_minor" > 0 AND ("activities"."cap_minor" IS NULL OR "activities"."cap_minor" > 0)),
	CONSTRAINT "activities_cap_hourly" CHECK ("activities"."cap_minor" IS NULL OR "activities"."points_rule" = 'hourly'),
	CONSTRAINT "activities_times" CHECK ("activities"."ends_at" >= "activities"."starts_at"),
	CONSTRAINT "activities_certifiers_check" CHECK ("activities"."certifiers_required" BETWEEN 1 AND 9),
	CONSTRAINT "activities_planned_check" CHECK ("activities"."planned_participants" BETWEEN 1 AND 1000)
);
--> statement-breakpoint
CREATE TABLE "certification_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"activity_id" text NOT NULL,
	"claim_id" text,
	"state" text NOT NULL,
	"actor_key_id" text,
	"actor_account_id" text,
	"reason" text,
	"at" timestamp with time zone NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claim_certifications" (
	"claim_id" text NOT NULL,
	"certifier_key_id" text NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "claim_certifications_claim_id_certifier_key_id_pk" PRIMARY KEY("claim_id","certifier_key_id"),
	CONSTRAINT "claim_certifications_decision_check" CHECK ("claim_certifications"."decision" IN ('approve', 'reject'))
);
--> statement-breakpoint
CREATE TABLE "claim_objections" (
	"id" text PRIMARY KEY NOT NULL,
	"claim_id" text NOT NULL,
	"objector_account_id" text NOT NULL,
	"objector_key_id" text,
	"reason" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_by_key_id" text,
	"decision_reason" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "claim_objections_state_check" CHECK ("claim_objections"."state" IN ('open', 'upheld', 'dismissed'))
);
--> statement-breakpoint
CREATE TABLE "claim_postings" (
	"claim_id" text PRIMARY KEY NOT NULL,
	"transaction_id" text NOT NULL,
	CONSTRAINT "claim_postings_transaction_id_unique" UNIQUE("transaction_id")
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" text PRIMARY KEY NOT NULL,
	"activity_id" text NOT NULL,
	"member_account_id" text NOT NULL,
	"hours_hundredths" bigint,
	"points_minor" bigint NOT NULL,
	"note" text,
	"evidence" text,
	"state" text DEFAULT 'submitted' NOT NULL,
	"certified_at" timestamp with time zone,
	"notice_ends_at" timestamp with time zone,
	"transaction_id" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "claims_points_positive" CHECK ("claims"."points_minor" > 0),
	CONSTRAINT "claims_state_check" CHECK ("claims"."state" IN ('submitted', 'rejected', 'on_notice', 'objected', 'dropped', 'posted')),
	CONSTRAINT "claims_notice_set" CHECK ("claims"."state" NOT IN ('on_notice', 'objected', 'posted') OR "claims"."notice_ends_at" IS NOT NULL),
	CONSTRAINT "claims_posted_link" CHECK (("claims"."state" = 'posted') = ("claims"."transaction_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "issuance_budgets" (
	"category_code" text NOT NULL,
	"estate" text NOT NULL,
	"month" text NOT NULL,
	"limit_minor" bigint NOT NULL,
	"issued_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "issuance_budgets_category_code_estate_month_pk" PRIMARY KEY("category_code","estate","month"),
	CONSTRAINT "issuance_budgets_within" CHECK ("issuance_budgets"."issued_minor" >= 0 AND "issuance_budgets"."issued_minor" <= "issuance_budgets"."limit_minor"),
	CONSTRAINT "issuance_budgets_month" CHECK ("issuance_budgets"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_role_check";--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "estates" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "category_codes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "member_account_id" text;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "earnings" text DEFAULT 'direct' NOT NULL;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "notice_seconds" integer DEFAULT 259200 NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_organiser_account_id_accounts_id_fk" FOREIGN KEY ("organiser_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_events" ADD CONSTRAINT "certification_events_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_events" ADD CONSTRAINT "certification_events_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_certifications" ADD CONSTRAINT "claim_certifications_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_certifications" ADD CONSTRAINT "claim_certifications_certifier_key_id_api_keys_id_fk" FOREIGN KEY ("certifier_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_objections" ADD CONSTRAINT "claim_objections_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_objections" ADD CONSTRAINT "claim_objections_objector_account_id_accounts_id_fk" FOREIGN KEY ("objector_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_postings" ADD CONSTRAINT "claim_postings_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_postings" ADD CONSTRAINT "claim_postings_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_member_account_id_accounts_id_fk" FOREIGN KEY ("member_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_estate_idx" ON "activities" USING btree ("estate","id");--> statement-breakpoint
CREATE INDEX "certification_events_activity_idx" ON "certification_events" USING btree ("activity_id","seq");--> statement-breakpoint
CREATE INDEX "claim_objections_claim_idx" ON "claim_objections" USING btree ("claim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_activity_member_key" ON "claims" USING btree ("activity_id","member_account_id");--> statement-breakpoint
CREATE INDEX "claims_due_idx" ON "claims" USING btree ("notice_ends_at") WHERE "claims"."state" = 'on_notice';--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_member_account_id_accounts_id_fk" FOREIGN KEY ("member_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_role_check" CHECK ("api_keys"."role" IN ('admin', 'issuer', 'cashier', 'auditor', 'organiser', 'certifier', 'app'));--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_earnings_check" CHECK ("categories"."earnings" IN ('direct', 'certified'));--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_notice_seconds_check" CHECK ("categories"."notice_seconds" BETWEEN 0 AND 5184000);
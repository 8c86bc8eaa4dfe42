CREATE TABLE "account_balances" (
	"account_id" text NOT NULL,
	"shard" smallint NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"allow_negative" boolean NOT NULL,
	"accepts_entries" boolean DEFAULT true NOT NULL,
	CONSTRAINT "account_balances_account_id_shard_pk" PRIMARY KEY("account_id","shard"),
	CONSTRAINT "account_balances_non_negative" CHECK ("account_balances"."allow_negative" OR "account_balances"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"balance_shards" smallint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_kind_check" CHECK ("accounts"."kind" IN ('member', 'merchant', 'system')),
	CONSTRAINT "accounts_status_check" CHECK ("accounts"."status" IN ('active', 'frozen', 'closed')),
	CONSTRAINT "accounts_balance_shards_check" CHECK ("accounts"."balance_shards" BETWEEN 1 AND 64)
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"issuance_account_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "categories_issuance_account_id_unique" UNIQUE("issuance_account_id")
);
--> statement-breakpoint
CREATE TABLE "entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"transaction_id" text NOT NULL,
	"account_id" text NOT NULL,
	"shard" smallint NOT NULL,
	"amount" bigint NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "entries_amount_nonzero" CHECK ("entries"."amount" <> 0)
);
--> statement-breakpoint
CREATE TABLE "holds" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"merchant_account_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"description" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"captured_amount" bigint,
	"transaction_id" text,
	"created_by_key_id" text,
	CONSTRAINT "holds_amount_positive" CHECK ("holds"."amount" > 0),
	CONSTRAINT "holds_status_check" CHECK ("holds"."status" IN ('pending', 'captured', 'voided')),
	CONSTRAINT "holds_capture_within" CHECK ("holds"."captured_amount" IS NULL OR ("holds"."captured_amount" > 0 AND "holds"."captured_amount" <= "holds"."amount"))
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"description" text,
	"reference" text,
	"category_code" text,
	"reverses_transaction_id" text,
	"hold_id" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"receipt" jsonb,
	"posted_by_key_id" text,
	"posted_by_role" text,
	CONSTRAINT "transactions_kind_check" CHECK ("transactions"."kind" IN ('earning', 'redemption', 'transfer', 'reversal', 'adjustment')),
	CONSTRAINT "transactions_not_future" CHECK ("transactions"."occurred_at" <= "transactions"."recorded_at" + interval '5 minutes'),
	CONSTRAINT "transactions_reversal_link" CHECK (("transactions"."kind" = 'reversal') = ("transactions"."reverses_transaction_id" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "account_balances" ADD CONSTRAINT "account_balances_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_issuance_account_id_accounts_id_fk" FOREIGN KEY ("issuance_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_merchant_account_id_accounts_id_fk" FOREIGN KEY ("merchant_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_reverses_transaction_id_transactions_id_fk" FOREIGN KEY ("reverses_transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_code_key" ON "accounts" USING btree ("code");--> statement-breakpoint
CREATE INDEX "accounts_kind_status_idx" ON "accounts" USING btree ("kind","status","id");--> statement-breakpoint
CREATE INDEX "entries_transaction_idx" ON "entries" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "entries_account_occurred_idx" ON "entries" USING btree ("account_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "holds_account_pending_idx" ON "holds" USING btree ("account_id","expires_at") WHERE "holds"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "holds_merchant_idx" ON "holds" USING btree ("merchant_account_id","id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "transactions_occurred_at_idx" ON "transactions" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "transactions_kind_idx" ON "transactions" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "transactions_reverses_idx" ON "transactions" USING btree ("reverses_transaction_id") WHERE "transactions"."reverses_transaction_id" IS NOT NULL;
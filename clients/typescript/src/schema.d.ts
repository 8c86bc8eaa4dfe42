/**
 * The timebank-ledger API's types, generated from openapi/openapi.json by openapi-typescript.
 * Do not edit: `npm run client` writes it again.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is alive */
        get: operations["liveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database answers */
        get: operations["readiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/notices.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An estate's public notice board as JSON, no key needed
         * @description Certified claims waiting out their notice window (or an objection), by activity; names and card numbers masked.
         */
        get: operations["getPublicNotices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/public/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An estate's public notice board as a printable A4 page, no key needed
         * @description For the physical notice board (公示栏): the same board as the JSON, in Chinese, names and card numbers masked, with a QR code to this page online (PUBLIC_BASE_URL, or the address the request came to).
         */
        get: operations["getPublicNoticesPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List accounts, newest first; filter by kind, status or code
         * @description Roles: admin, auditor, issuer, cashier.
         */
        get: operations["listAccounts"];
        put?: never;
        /**
         * Open an account for a resident, a merchant or a system pool
         * @description Roles: admin, issuer.
         */
        post: operations["createAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account with its balance, held and available points
         * @description Answers with a strong ETag that changes with anything the account shows, its balance included; send it back as If-None-Match to get 304 while it is current, or as If-Match to update only that version.
         *
         *     Roles: admin, auditor, issuer, cashier.
         */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rename, re-tag, freeze, thaw or close an account
         * @description A frozen or closed account takes no new entries. Only an account with a zero balance and no pending hold may close; closing is final.
         *
         *     Roles: admin.
         */
        patch: operations["updateAccount"];
        trace?: never;
    };
    "/v1/accounts/{accountId}/balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The balance at a moment of effective time (default now)
         * @description Counts every entry whose transaction occurredAt is at or before asOf. Answers from balance checkpoints, so it costs the same however long the history.
         *
         *     Roles: admin, auditor, issuer, cashier.
         */
        get: operations["getBalanceAsOf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The earning categories and their issuance accounts
         * @description Roles: admin, auditor, issuer, cashier, organiser, certifier, app.
         */
        get: operations["listCategories"];
        put?: never;
        /**
         * Add an earning category; it gets its own issuance account
         * @description Roles: admin.
         */
        post: operations["createCategory"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/earnings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Credit a member's earned points from the category's issuance account
         * @description Roles: admin, issuer.
         */
        post: operations["createEarning"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/earnings/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Credit up to 1000 earnings at once, all or nothing (a whole duty rota)
         * @description One Idempotency-Key covers the whole batch. An error names the first refused item as items.N.
         *
         *     Roles: admin, issuer.
         */
        post: operations["createEarningBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/redemptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Charge a basket at the charity supermarket: member to merchant
         * @description With receipt lines, `amount` must equal the sum of quantity x unitPrice.
         *
         *     Roles: admin, cashier.
         */
        post: operations["createRedemption"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A gift between members, or a donation to a system pool
         * @description Roles: admin, issuer.
         */
        post: operations["createTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/holds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reserve points on a member's account for a pending charge
         * @description Pending holds lower `available`. Default expiry 15 minutes, at most 7 days; a cashier key holds for at most HOLD_TTL_MAX_CASHIER_MINUTES (60 by default).
         *
         *     Roles: admin, cashier.
         */
        post: operations["createHold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/holds/{holdId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A hold and its status
         * @description Roles: admin, auditor, cashier.
         */
        get: operations["getHold"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/holds/{holdId}/capture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Charge a pending hold, in full or in part; the rest is released
         * @description Roles: admin, cashier.
         */
        post: operations["captureHold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/holds/{holdId}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release a pending hold
         * @description Roles: admin, cashier.
         */
        post: operations["voidHold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}/statement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's passbook for a period: opening balance, lines with running balance, totals, closing balance
         * @description Oldest first, by occurredAt, a page at a time. The same period as CSV or as a printable passbook: getStatementCsv, getStatementHtml (this URL with `Accept: text/csv` or `text/html` still answers them, as it did before those had their own). An issuer reads members' statements; a cashier only its own supermarket's.
         *
         *     Roles: admin, auditor, issuer, cashier.
         */
        get: operations["getStatement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}/statement.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's passbook for a period as CSV, every line, for Excel and WPS
         * @description UTF-8 with a BOM; one row per line with its running balance; `cursor` and `limit` do not apply. An issuer reads members' statements; a cashier only its own supermarket's.
         *
         *     Roles: admin, auditor, issuer, cashier.
         */
        get: operations["getStatementCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{accountId}/statement.html": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's passbook for a period as a printable Chinese page (A5)
         * @description At most 5000 lines; `cursor` and `limit` do not apply. An issuer reads members' statements; a cashier only its own supermarket's.
         *
         *     Roles: admin, auditor, issuer, cashier.
         */
        get: operations["getStatementHtml"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/journal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every transaction with its entries, streamed: jsonl, csv or a ledger journal
         * @description jsonl and csv follow the sequence (the order commits became visible); each jsonl line is a transaction with its seq, hash and prevHash, so an auditor can recompute the chain. `ledger` is a dated plain-text journal (hledger, ledger-cli) in effective-time order, with a balance assertion after every member posting when the export starts at the beginning.
         *
         *     Roles: admin, auditor.
         */
        get: operations["exportJournal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recompute the tamper-evident hash chain and name the first bad transaction
         * @description Sequences what has committed, then recomputes every hash from the stored transactions. Keep the headHash you are given: a later verify whose chain does not pass through it means history was rewritten.
         *
         *     Roles: admin, auditor.
         */
        get: operations["verifyJournal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/trial-balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every account's balance and their total, which is "0.00"
         * @description Roles: admin, auditor.
         */
        get: operations["getTrialBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/earnings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Earned points for the public notice board (公示), by category or by resident, ranked
         * @description Roles: admin, auditor.
         */
        get: operations["getEarningsReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys, newest first, never their secrets
         * @description Roles: admin.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Issue an API key; the secret is in this answer only
         * @description The secret (`key`) is shown in the first answer only. A replay of the request with the same Idempotency-Key answers the same key with `key: null`: the secret is never stored, only its HMAC.
         *
         *     Roles: admin.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key; it gets 401 from then on
         * @description Roles: admin.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List transactions, newest first; filter by account, kind and occurredAt range
         * @description Roles: admin, auditor, issuer, cashier.
         */
        get: operations["listTransactions"];
        put?: never;
        /**
         * Post a balanced correction or opening balance (adjustment)
         * @description Roles: admin.
         */
        post: operations["createAdjustment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{transactionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One transaction with its entries and how much of it has been reversed
         * @description Roles: admin, auditor, issuer, cashier.
         */
        get: operations["getTransaction"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{transactionId}/reversals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reverse all or part of a transaction with a new, linked transaction
         * @description The sum of reversals never exceeds the original; a reversal is not itself reversible; the reversal keeps the original category. Reversing a redemption draws the points back from the merchant. A cashier reverses only redemptions (hold captures included) into its own supermarkets, an issuer only earnings; anything else is for an admin (403 forbidden).
         *
         *     Roles: admin, issuer, cashier.
         */
        post: operations["createReversal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The event feed, oldest first, for apps that cannot receive webhooks
         * @description Events after `after`, in commit order (a gap-free sequence), that this key may see: an issuer's, events of earning categories; a cashier's, those touching its supermarkets. With `wait`, an empty answer waits up to that many seconds for the next event. Read on with the answer's `nextAfter`.
         *
         *     Roles: admin, auditor, issuer, cashier.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook endpoints, newest first, never their secrets
         * @description Roles: admin.
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register a URL to receive events, signed per Standard Webhooks
         * @description Answers the endpoint with its signing secret (`whsec_…`), shown this once. It receives the events committed from now on, in order, at least once.
         *
         *     Roles: admin.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A webhook endpoint and where its delivery stands
         * @description Roles: admin.
         */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint and its attempts
         * @description Roles: admin.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Disable or enable a webhook endpoint
         * @description Enabled again, it carries on from the event after the last one it acknowledged. An endpoint whose API key was revoked or has expired is not enabled again (409).
         *
         *     Roles: admin.
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/v1/webhook-endpoints/{endpointId}/secret-rotations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new signing secret, shown this once
         * @description The old secret keeps signing beside the new one (two signatures in webhook-signature) for 24 hours, so receivers can switch without a gap.
         *
         *     Roles: admin.
         */
        post: operations["rotateWebhookEndpointSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{endpointId}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The endpoint's delivery attempts, newest first
         * @description Roles: admin.
         */
        get: operations["listWebhookAttempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{endpointId}/replays": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver events again, in order, from a seq on (redelivery by hand)
         * @description Also enables a disabled endpoint, unless its API key was revoked or has expired (409). Events past the retention are gone.
         *
         *     Roles: admin.
         */
        post: operations["replayWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/balance-monitors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An account's balance monitors
         * @description Roles: admin, issuer, cashier.
         */
        get: operations["listBalanceMonitors"];
        put?: never;
        /**
         * Tell me when an account's available balance crosses below (or above) a threshold
         * @description One balance.crossed event per crossing, not one per posting while the balance stays beyond; it re-arms when the balance crosses back. A balance already beyond the threshold when the monitor is made fires on its next crossing. Whoever may read the account may watch it.
         *
         *     Roles: admin, issuer, cashier.
         */
        post: operations["createBalanceMonitor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/balance-monitors/{monitorId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a balance monitor
         * @description Roles: admin, issuer, cashier.
         */
        delete: operations["deleteBalanceMonitor"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/activities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open an activity whose participants earn points once certified and past public notice
         * @description The category must be one whose earnings are "certified". An organiser key opens activities in its estates or categories.
         *
         *     Roles: admin, organiser.
         */
        post: operations["createActivity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/activities/{activityId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An activity with its claims, their states, decisions, objections and history
         * @description Roles: admin, auditor, organiser, certifier.
         */
        get: operations["getActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/activities/{activityId}/claims": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit the activity's participants: one claim per member, all or nothing
         * @description Roles: admin, organiser.
         */
        post: operations["submitClaims"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/activities/{activityId}/certifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * One certifier approves or rejects some or all of the claims, with a reason
         * @description A claim needs the activity's certifiersRequired distinct approvals to go on public notice; one rejection rejects it. A key decides a claim once (409 already_certified); nobody certifies a claim paying themselves or an activity they organised (403 conflict_of_interest).
         *
         *     Roles: certifier.
         */
        post: operations["certifyClaims"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/activities/{activityId}/postings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post the activity's claims on notice now, before their window ends, with a recorded reason
         * @description Claims under an open objection do not post. Issuance budgets apply (422 budget_exceeded, nothing posted).
         *
         *     Roles: admin.
         */
        post: operations["postActivityEarly"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/claims/{claimId}/objections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Object to a claim on public notice, for the member the app acts for
         * @description The claim is suspended until an organiser or certifier decides. After the notice deadline: 422 notice_closed.
         *
         *     Roles: admin, app.
         */
        post: operations["createObjection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/objections/{objectionId}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Uphold an objection (the claim is dropped) or dismiss it (the claim may post)
         * @description Roles: admin, organiser, certifier.
         */
        post: operations["decideObjection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/issuance-budgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set what a category may issue in an estate in a month (积分总额控制)
         * @description Certified batches are charged to every budget they fall under ("*" matches any category or estate); a batch that would exceed one is held back whole and reported on its activity. Setting a budget again changes its limit, never below what is issued.
         *
         *     Roles: admin.
         */
        post: operations["setIssuanceBudget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/certification-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recompute the certification history's hash chain
         * @description Roles: admin, auditor.
         */
        get: operations["verifyCertificationEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Points as a decimal string with at most two fractional digits, positive, at most 100000000.00.
         * @example 12.50
         */
        Amount: string;
        /**
         * @description Points with a sign: + into the account, - out of it. Two fractional digits at most.
         * @example -12.50
         */
        SignedAmount: string;
        /**
         * @description Points, signed, always with two fractional digits.
         * @example 100.00
         */
        Money: string;
        /**
         * Format: date-time
         * @description RFC 3339 date-time with at most millisecond precision, from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z once its offset is applied.
         * @example 2026-11-27T08:30:00.000Z
         */
        Timestamp: string;
        /**
         * Format: date-time
         * @description RFC 3339 date-time in UTC with milliseconds.
         * @example 2026-11-27T08:30:00.000Z
         */
        TimestampOut: string;
        /** @example acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P */
        AccountId: string;
        TransactionId: string;
        /** @description Free-form labels of the caller: up to 50 keys of short scalar values. */
        Metadata: {
            [key: string]: string | number | boolean | null;
        };
        /**
         * @description The stable code of a problem; each has one HTTP status: `validation_failed` 400, `unauthorized` 401, `forbidden` 403, `not_found` 404, `request_timeout` 408, `conflict` 409, `idempotency_key_in_flight` 409, `hold_not_pending` 409, `precondition_failed` 412, `payload_too_large` 413, `uri_too_long` 414, `unsupported_media_type` 415, `insufficient_funds` 422, `account_not_active` 422, `idempotency_key_reused` 422, `reversal_exceeds_original` 422, `certified_category` 422, `already_certified` 409, `conflict_of_interest` 403, `claim_not_open` 409, `notice_closed` 422, `objection_decided` 409, `claim_already_posted` 409, `budget_exceeded` 422, `rate_limited` 429, `headers_too_large` 431, `internal` 500, `unavailable` 503, `busy` 503, `shutting_down` 503. Each operation lists the codes it can answer in `x-problem-codes`.
         * @enum {string}
         */
        ProblemCode: "validation_failed" | "unauthorized" | "forbidden" | "not_found" | "request_timeout" | "conflict" | "idempotency_key_in_flight" | "hold_not_pending" | "precondition_failed" | "payload_too_large" | "uri_too_long" | "unsupported_media_type" | "insufficient_funds" | "account_not_active" | "idempotency_key_reused" | "reversal_exceeds_original" | "certified_category" | "already_certified" | "conflict_of_interest" | "claim_not_open" | "notice_closed" | "objection_decided" | "claim_already_posted" | "budget_exceeded" | "rate_limited" | "headers_too_large" | "internal" | "unavailable" | "busy" | "shutting_down";
        /**
         * @description RFC 9457 problem details, with a stable `code`.
         * @example {
         *       "type": "urn:timebank-ledger:problem:insufficient_funds",
         *       "title": "Not enough available points",
         *       "status": 422,
         *       "detail": "account acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P does not have enough available points",
         *       "code": "insufficient_funds",
         *       "instance": "6f1c2a4e-8d0b-4b7e-9a51-3c2d7e9f0a12"
         *     }
         */
        Problem: {
            /** @description `urn:timebank-ledger:problem:<code>` */
            type: string;
            /** @description The code's fixed title */
            title: string;
            status: number;
            /** @description What went wrong in this case, in words */
            detail: string;
            code: components["schemas"]["ProblemCode"];
            /** @description The request's id, also in the X-Request-Id header: quote it when reporting a problem */
            instance: string;
            /** @description What was wrong with each field (validation_failed) */
            errors?: {
                /** @description The field, as `amount` or `entries.0.amount` */
                path: string;
                message: string;
            }[];
        };
        /** @example public_labour */
        CategoryCode: string;
        /**
         * @description direct: an issuer credits points at once (POST /v1/earnings). certified: points come from activities whose claims certifiers confirm and the public notice lets pass (POST /v1/activities); an issuer's direct earning is refused (an admin's is not).
         * @enum {string}
         */
        EarningPath: "direct" | "certified";
        CreateCategory: {
            code: components["schemas"]["CategoryCode"];
            name: string;
            /** @default direct */
            earnings: components["schemas"]["EarningPath"];
            /**
             * @description How long certified claims hang on public notice, in days; fractions allowed (0.001 is 86.4 seconds, for a rehearsal).
             * @default 3
             */
            noticeDays: number;
        };
        /** @description An earning category and the system account its points are issued from. */
        Category: {
            code: components["schemas"]["CategoryCode"];
            name: string;
            issuanceAccountId: components["schemas"]["AccountId"];
            createdAt: components["schemas"]["TimestampOut"];
            earnings: components["schemas"]["EarningPath"];
            noticeDays: number;
        };
        /** @description Every earning category. */
        CategoryList: {
            data: components["schemas"]["Category"][];
        };
        /**
         * @description admin: everything. issuer (community apps): member accounts, earnings and their reversals, gifts, reading members. cashier (a supermarket terminal): redemptions and holds into its own merchant accounts and reversals of those sales, member look-up by code. auditor: read everything, write nothing. organiser (a self-management committee, a team leader): opens activities and submits their claims in its estates or categories. certifier (a committee member): certifies claims in its estates. app (a community app): files objections for the member it names.
         * @enum {string}
         */
        Role: "admin" | "issuer" | "cashier" | "auditor" | "organiser" | "certifier" | "app";
        /** @example lanhu-3 */
        EstateCode: string;
        ApiKeyId: string;
        /** @description A key for a supermarket terminal: it charges into these merchant accounts only. */
        CreateCashierApiKey: {
            name: string;
            /** @description The member who holds the key: they never certify a claim paying themselves, or an activity they organised. */
            memberAccountId?: components["schemas"]["AccountId"];
            expiresAt?: components["schemas"]["Timestamp"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            role: "cashier";
            /** @description The supermarkets (merchant accounts) this cashier charges for. */
            merchantAccountIds: components["schemas"]["AccountId"][];
        };
        /** @description An organiser's key: bound to estates, categories, or both (at least one of them). */
        CreateOrganiserApiKey: {
            name: string;
            /** @description The member who holds the key: they never certify a claim paying themselves, or an activity they organised. */
            memberAccountId?: components["schemas"]["AccountId"];
            expiresAt?: components["schemas"]["Timestamp"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            role: "organiser";
            /** @description The estates it organises in (this, categoryCodes, or both). */
            estates?: components["schemas"]["EstateCode"][];
            /** @description The categories it organises in any estate (this, estates, or both). */
            categoryCodes?: components["schemas"]["CategoryCode"][];
        };
        /** @description A certifier's key, bound to estates. */
        CreateCertifierApiKey: {
            name: string;
            /** @description The member who holds the key: they never certify a claim paying themselves, or an activity they organised. */
            memberAccountId?: components["schemas"]["AccountId"];
            expiresAt?: components["schemas"]["Timestamp"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            role: "certifier";
            /** @description The estates whose claims it certifies. */
            estates: components["schemas"]["EstateCode"][];
        };
        /** @description A key of an admin, an issuer, an auditor or an app: bound to nothing. */
        CreateStaffApiKey: {
            name: string;
            /** @description The member who holds the key: they never certify a claim paying themselves, or an activity they organised. */
            memberAccountId?: components["schemas"]["AccountId"];
            expiresAt?: components["schemas"]["Timestamp"];
            /**
             * @description A role whose keys are bound to nothing: see Role. (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            role: "admin" | "issuer" | "auditor" | "app";
        };
        /**
         * @description A new key: what it is bound to depends on its role.
         * @example {
         *       "name": "Supermarket till 1",
         *       "role": "cashier",
         *       "merchantAccountIds": [
         *         "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P"
         *       ]
         *     }
         */
        CreateApiKey: components["schemas"]["CreateCashierApiKey"] | components["schemas"]["CreateOrganiserApiKey"] | components["schemas"]["CreateCertifierApiKey"] | components["schemas"]["CreateStaffApiKey"];
        /** @description An API key without its secret: a cashier key and the supermarkets it charges for. */
        CashierApiKey: {
            id: components["schemas"]["ApiKeyId"];
            name: string;
            memberAccountId: components["schemas"]["AccountId"] | null;
            expiresAt: components["schemas"]["TimestampOut"] | null;
            revokedAt: components["schemas"]["TimestampOut"] | null;
            createdAt: components["schemas"]["TimestampOut"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            role: "cashier";
            merchantAccountIds: components["schemas"]["AccountId"][];
            /** @description Always empty for this role. */
            estates: string[];
            /** @description Always empty for this role. */
            categoryCodes: string[];
        };
        /** @description An API key without its secret: an organiser key and the estates and categories it organises in. */
        OrganiserApiKey: {
            id: components["schemas"]["ApiKeyId"];
            name: string;
            memberAccountId: components["schemas"]["AccountId"] | null;
            expiresAt: components["schemas"]["TimestampOut"] | null;
            revokedAt: components["schemas"]["TimestampOut"] | null;
            createdAt: components["schemas"]["TimestampOut"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            role: "organiser";
            /** @description Always empty for this role. */
            merchantAccountIds: string[];
            estates: string[];
            categoryCodes: string[];
        };
        /** @description An API key without its secret: a certifier key and the estates it certifies in. */
        CertifierApiKey: {
            id: components["schemas"]["ApiKeyId"];
            name: string;
            memberAccountId: components["schemas"]["AccountId"] | null;
            expiresAt: components["schemas"]["TimestampOut"] | null;
            revokedAt: components["schemas"]["TimestampOut"] | null;
            createdAt: components["schemas"]["TimestampOut"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            role: "certifier";
            /** @description Always empty for this role. */
            merchantAccountIds: string[];
            estates: string[];
            /** @description Always empty for this role. */
            categoryCodes: string[];
        };
        /** @description An API key without its secret: an admin, issuer, auditor or app key. */
        StaffApiKey: {
            id: components["schemas"]["ApiKeyId"];
            name: string;
            memberAccountId: components["schemas"]["AccountId"] | null;
            expiresAt: components["schemas"]["TimestampOut"] | null;
            revokedAt: components["schemas"]["TimestampOut"] | null;
            createdAt: components["schemas"]["TimestampOut"];
            /**
             * @description A role whose keys are bound to nothing: see Role. (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            role: "admin" | "issuer" | "auditor" | "app";
            /** @description Always empty for this role. */
            merchantAccountIds: string[];
            /** @description Always empty for this role. */
            estates: string[];
            /** @description Always empty for this role. */
            categoryCodes: string[];
        };
        /**
         * @description An API key, without its secret.
         * @example {
         *       "id": "key_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *       "name": "Supermarket till 1",
         *       "role": "cashier",
         *       "merchantAccountIds": [
         *         "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q"
         *       ],
         *       "estates": [],
         *       "categoryCodes": [],
         *       "memberAccountId": null,
         *       "expiresAt": null,
         *       "revokedAt": null,
         *       "createdAt": "2026-11-27T08:30:00.000Z"
         *     }
         */
        ApiKey: components["schemas"]["CashierApiKey"] | components["schemas"]["OrganiserApiKey"] | components["schemas"]["CertifierApiKey"] | components["schemas"]["StaffApiKey"];
        /** @description A new API key with its secret: a cashier key and the supermarkets it charges for. */
        CreatedCashierApiKey: {
            id: components["schemas"]["ApiKeyId"];
            name: string;
            memberAccountId: components["schemas"]["AccountId"] | null;
            expiresAt: components["schemas"]["TimestampOut"] | null;
            revokedAt: components["schemas"]["TimestampOut"] | null;
            createdAt: components["schemas"]["TimestampOut"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            role: "cashier";
            merchantAccountIds: components["schemas"]["AccountId"][];
            /** @description Always empty for this role. */
            estates: string[];
            /** @description Always empty for this role. */
            categoryCodes: string[];
            /** @description The secret, shown this once: send it as Authorization: Bearer <key>. null in a replay (Idempotency-Replayed: true): the secret is never stored, so it cannot be shown again. */
            key: string | null;
        };
        /** @description A new API key with its secret: an organiser key and the estates and categories it organises in. */
        CreatedOrganiserApiKey: {
            id: components["schemas"]["ApiKeyId"];
            name: string;
            memberAccountId: components["schemas"]["AccountId"] | null;
            expiresAt: components["schemas"]["TimestampOut"] | null;
            revokedAt: components["schemas"]["TimestampOut"] | null;
            createdAt: components["schemas"]["TimestampOut"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            role: "organiser";
            /** @description Always empty for this role. */
            merchantAccountIds: string[];
            estates: string[];
            categoryCodes: string[];
            /** @description The secret, shown this once: send it as Authorization: Bearer <key>. null in a replay (Idempotency-Replayed: true): the secret is never stored, so it cannot be shown again. */
            key: string | null;
        };
        /** @description A new API key with its secret: a certifier key and the estates it certifies in. */
        CreatedCertifierApiKey: {
            id: components["schemas"]["ApiKeyId"];
            name: string;
            memberAccountId: components["schemas"]["AccountId"] | null;
            expiresAt: components["schemas"]["TimestampOut"] | null;
            revokedAt: components["schemas"]["TimestampOut"] | null;
            createdAt: components["schemas"]["TimestampOut"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            role: "certifier";
            /** @description Always empty for this role. */
            merchantAccountIds: string[];
            estates: string[];
            /** @description Always empty for this role. */
            categoryCodes: string[];
            /** @description The secret, shown this once: send it as Authorization: Bearer <key>. null in a replay (Idempotency-Replayed: true): the secret is never stored, so it cannot be shown again. */
            key: string | null;
        };
        /** @description A new API key with its secret: an admin, issuer, auditor or app key. */
        CreatedStaffApiKey: {
            id: components["schemas"]["ApiKeyId"];
            name: string;
            memberAccountId: components["schemas"]["AccountId"] | null;
            expiresAt: components["schemas"]["TimestampOut"] | null;
            revokedAt: components["schemas"]["TimestampOut"] | null;
            createdAt: components["schemas"]["TimestampOut"];
            /**
             * @description A role whose keys are bound to nothing: see Role. (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            role: "admin" | "issuer" | "auditor" | "app";
            /** @description Always empty for this role. */
            merchantAccountIds: string[];
            /** @description Always empty for this role. */
            estates: string[];
            /** @description Always empty for this role. */
            categoryCodes: string[];
            /** @description The secret, shown this once: send it as Authorization: Bearer <key>. null in a replay (Idempotency-Replayed: true): the secret is never stored, so it cannot be shown again. */
            key: string | null;
        };
        /**
         * @description A new API key with its secret, shown in this answer only.
         * @example {
         *       "id": "key_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *       "name": "Supermarket till 1",
         *       "role": "cashier",
         *       "merchantAccountIds": [
         *         "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q"
         *       ],
         *       "estates": [],
         *       "categoryCodes": [],
         *       "memberAccountId": null,
         *       "expiresAt": null,
         *       "revokedAt": null,
         *       "createdAt": "2026-11-27T08:30:00.000Z",
         *       "key": "tbk_4f9a1c2e7b3d8e6f0a5c9b2d7e1f3a8c4b6d0e2f9a7c5b3d1e8f6a4c2b0d9e7f"
         *     }
         */
        CreatedApiKey: components["schemas"]["CreatedCashierApiKey"] | components["schemas"]["CreatedOrganiserApiKey"] | components["schemas"]["CreatedCertifierApiKey"] | components["schemas"]["CreatedStaffApiKey"];
        /** @description A page of API keys, newest first, without their secrets, and the cursor of the next page. */
        ApiKeyPage: {
            data: components["schemas"]["ApiKey"][];
            nextCursor: string | null;
        };
        /** @enum {string} */
        AccountKind: "member" | "merchant" | "system";
        /** @enum {string} */
        AccountStatus: "active" | "frozen" | "closed";
        /**
         * @description A unique human code, such as a resident's card number.
         * @example R-0001
         */
        AccountCode: string;
        /**
         * @description A new account.
         * @example {
         *       "code": "R-0001",
         *       "name": "王秀芳",
         *       "kind": "member",
         *       "metadata": {
         *         "estate": "幸福小区"
         *       }
         *     }
         */
        CreateAccount: {
            code: components["schemas"]["AccountCode"];
            name: string;
            kind: components["schemas"]["AccountKind"];
            metadata?: components["schemas"]["Metadata"];
        };
        /**
         * @description What changes; what is left out stays.
         * @example {
         *       "status": "frozen"
         *     }
         */
        UpdateAccount: {
            name?: string;
            metadata?: components["schemas"]["Metadata"];
            status?: components["schemas"]["AccountStatus"];
        };
        /**
         * @description A holder of points; `available` is `balance` less pending holds.
         * @example {
         *       "id": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *       "code": "R-0001",
         *       "name": "王秀芳",
         *       "kind": "member",
         *       "status": "active",
         *       "balance": "47.50",
         *       "held": "20.00",
         *       "available": "27.50",
         *       "metadata": {
         *         "estate": "幸福小区"
         *       },
         *       "createdAt": "2026-11-01T02:00:00.000Z",
         *       "updatedAt": "2026-11-01T02:00:00.000Z"
         *     }
         */
        Account: {
            id: components["schemas"]["AccountId"];
            code: string;
            name: string;
            kind: components["schemas"]["AccountKind"];
            status: components["schemas"]["AccountStatus"];
            balance: components["schemas"]["Money"];
            held: components["schemas"]["Money"];
            available: components["schemas"]["Money"];
            metadata: components["schemas"]["Metadata"];
            createdAt: components["schemas"]["TimestampOut"];
            updatedAt: components["schemas"]["TimestampOut"];
        };
        /** @description A page of accounts, newest first, and the cursor of the next page (null at the end). */
        AccountPage: {
            data: components["schemas"]["Account"][];
            nextCursor: string | null;
        };
        /** @description The sum of the entries that took effect at or before asOf. */
        BalanceAsOf: {
            accountId: components["schemas"]["AccountId"];
            asOf: components["schemas"]["TimestampOut"];
            balance: components["schemas"]["Money"];
        };
        /** @description Every account's balance at asOf and their total, which is always "0.00". */
        TrialBalance: {
            asOf: components["schemas"]["TimestampOut"];
            accounts: {
                accountId: components["schemas"]["AccountId"];
                code: string;
                name: string;
                kind: components["schemas"]["AccountKind"];
                balance: components["schemas"]["Money"];
            }[];
            /** @description Always "0.00": every transaction balances. */
            total: components["schemas"]["Money"];
        };
        /** @description Totals for the public notice board (公示), ranked. */
        EarningsReport: {
            from: components["schemas"]["TimestampOut"] | null;
            to: components["schemas"]["TimestampOut"] | null;
            /** @enum {string} */
            groupBy: "category" | "account";
            rows: {
                rank: number;
                /** @description The category code, or the account id */
                key: string;
                name: string;
                /** @description Earned, less reversals of earnings */
                total: components["schemas"]["Money"];
                earnings: number;
                reversals: number;
                residents: number;
            }[];
            total: components["schemas"]["Money"];
        };
        /** @description The hash chain recomputed from the stored journal. */
        VerifyResult: {
            ok: boolean;
            checkedTransactions: number;
            headHash: string;
            fromSeq: string;
            firstBadTransactionId: string | null;
            firstBadSeq: string | null;
        };
        /** @enum {string} */
        TransactionKind: "earning" | "redemption" | "transfer" | "reversal" | "adjustment";
        /** @description The basket: with lines, the redemption's amount must equal the sum of quantity x unitPrice. */
        Receipt: {
            number: string;
            lines: {
                name: string;
                quantity: number;
                unitPrice: components["schemas"]["Amount"];
                sku?: string;
            }[];
        };
        /**
         * @description Points earned by a member for public service, issued from the category's account.
         * @example {
         *       "accountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *       "amount": "30",
         *       "category": "public_labour",
         *       "description": "Cleaning the courtyard",
         *       "reference": "rota-2026-11-22"
         *     }
         */
        CreateEarning: {
            accountId: components["schemas"]["AccountId"];
            amount: components["schemas"]["Amount"];
            category: components["schemas"]["CategoryCode"];
            description?: string;
            /** @description When the work happened; defaults to now; never in the future. A credit may be dated back at most BACKDATE_WINDOW_DAYS (31 by default), never before the credited account was opened; a posting that takes points from a member or a merchant takes effect when it is recorded and takes no occurredAt. */
            occurredAt?: components["schemas"]["Timestamp"];
            reference?: string;
            metadata?: components["schemas"]["Metadata"];
        };
        /** @description Up to 1000 earnings, posted all or nothing. */
        CreateEarningBatch: {
            items: components["schemas"]["CreateEarning"][];
        };
        /**
         * @description What to move back, and why.
         * @example {
         *       "amount": "5.00",
         *       "reason": "Cooking oil returned"
         *     }
         */
        CreateReversal: {
            /** @description Default: all that is left to reverse. */
            amount?: components["schemas"]["Amount"];
            reason: string;
            metadata?: components["schemas"]["Metadata"];
        };
        /**
         * @description A redemption takes effect when it is recorded: it takes no occurredAt.
         * @example {
         *       "accountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *       "merchantAccountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q",
         *       "amount": "17.50",
         *       "description": "Rice and cooking oil",
         *       "receipt": {
         *         "number": "000123",
         *         "lines": [
         *           {
         *             "name": "Rice 5 kg",
         *             "quantity": 1,
         *             "unitPrice": "12.50",
         *             "sku": "6901234567892"
         *           },
         *           {
         *             "name": "Cooking oil 1 L",
         *             "quantity": 1,
         *             "unitPrice": "5"
         *           }
         *         ]
         *       }
         *     }
         */
        CreateRedemption: {
            accountId: components["schemas"]["AccountId"];
            merchantAccountId: components["schemas"]["AccountId"];
            amount: components["schemas"]["Amount"];
            description?: string;
            reference?: string;
            metadata?: components["schemas"]["Metadata"];
            receipt?: components["schemas"]["Receipt"];
        };
        /**
         * @description A transfer takes effect when it is recorded: it takes no occurredAt.
         * @example {
         *       "fromAccountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *       "toAccountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q",
         *       "amount": "5",
         *       "description": "A gift to my neighbour"
         *     }
         */
        CreateTransfer: {
            fromAccountId: components["schemas"]["AccountId"];
            toAccountId: components["schemas"]["AccountId"];
            amount: components["schemas"]["Amount"];
            description?: string;
            reference?: string;
            metadata?: components["schemas"]["Metadata"];
        };
        /** @description A balanced correction or opening balance: signed entries summing to zero. */
        CreateAdjustment: {
            entries: {
                accountId: components["schemas"]["AccountId"];
                amount: components["schemas"]["SignedAmount"];
            }[];
            description: string;
            /** @description When the work happened; defaults to now; never in the future. A credit may be dated back at most BACKDATE_WINDOW_DAYS (31 by default), never before the credited account was opened; a posting that takes points from a member or a merchant takes effect when it is recorded and takes no occurredAt. */
            occurredAt?: components["schemas"]["Timestamp"];
            reference?: string;
            metadata?: components["schemas"]["Metadata"];
        };
        Entry: {
            accountId: components["schemas"]["AccountId"];
            amount: components["schemas"]["Money"];
        };
        /**
         * @description One balanced event in the journal with its entries.
         * @example {
         *       "id": "txn_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *       "kind": "redemption",
         *       "occurredAt": "2026-11-27T08:30:00.000Z",
         *       "recordedAt": "2026-11-27T08:30:00.000Z",
         *       "description": "Rice and cooking oil",
         *       "reference": "till-1-000123",
         *       "category": null,
         *       "amount": "17.50",
         *       "entries": [
         *         {
         *           "accountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *           "amount": "-17.50"
         *         },
         *         {
         *           "accountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q",
         *           "amount": "17.50"
         *         }
         *       ],
         *       "reversesTransactionId": null,
         *       "reversedAmount": "0.00",
         *       "holdId": null,
         *       "metadata": {},
         *       "receipt": {
         *         "number": "000123",
         *         "lines": [
         *           {
         *             "name": "Rice 5 kg",
         *             "quantity": 1,
         *             "unitPrice": "12.50",
         *             "sku": "6901234567892"
         *           },
         *           {
         *             "name": "Cooking oil 1 L",
         *             "quantity": 1,
         *             "unitPrice": "5.00"
         *           }
         *         ]
         *       },
         *       "postedBy": {
         *         "keyId": "key_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *         "role": "cashier"
         *       }
         *     }
         */
        Transaction: {
            id: components["schemas"]["TransactionId"];
            kind: components["schemas"]["TransactionKind"];
            occurredAt: components["schemas"]["TimestampOut"];
            recordedAt: components["schemas"]["TimestampOut"];
            description: string | null;
            reference: string | null;
            category: string | null;
            amount: components["schemas"]["Money"];
            entries: components["schemas"]["Entry"][];
            reversesTransactionId: components["schemas"]["TransactionId"] | null;
            reversedAmount: components["schemas"]["Money"];
            holdId: string | null;
            metadata: components["schemas"]["Metadata"];
            receipt: {
                number: string;
                lines: {
                    name: string;
                    quantity: number;
                    unitPrice: components["schemas"]["Money"];
                    sku?: string;
                }[];
            } | null;
            /** @description The key that posted it; both null for the service itself (start-up, command-line tools). */
            postedBy: {
                keyId: components["schemas"]["ApiKeyId"] | null;
                role: components["schemas"]["Role"] | null;
            };
        };
        /** @description A page of transactions, newest first, and the cursor of the next page (null at the end). */
        TransactionPage: {
            data: components["schemas"]["Transaction"][];
            nextCursor: string | null;
        };
        /** @description The transactions posted, in the order of the request. */
        TransactionList: {
            data: components["schemas"]["Transaction"][];
        };
        StatementLine: {
            transactionId: components["schemas"]["TransactionId"];
            occurredAt: components["schemas"]["TimestampOut"];
            kind: components["schemas"]["TransactionKind"];
            description: string | null;
            category: string | null;
            reference: string | null;
            amount: components["schemas"]["Money"];
            balanceAfter: components["schemas"]["Money"];
        };
        /**
         * @description A passbook page, oldest first: openingBalance + totalIn - totalOut = closingBalance on every page, and the next page opens where this one closes.
         * @example {
         *       "accountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *       "code": "R-0001",
         *       "name": "王秀芳",
         *       "from": "2026-11-01T00:00:00.000Z",
         *       "to": "2026-12-01T00:00:00.000Z",
         *       "openingBalance": "35.00",
         *       "closingBalance": "47.50",
         *       "totalIn": "30.00",
         *       "totalOut": "17.50",
         *       "lines": [
         *         {
         *           "transactionId": "txn_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *           "occurredAt": "2026-11-22T01:00:00.000Z",
         *           "kind": "earning",
         *           "description": "Cleaning the courtyard",
         *           "category": "public_labour",
         *           "reference": "rota-2026-11-22",
         *           "amount": "30.00",
         *           "balanceAfter": "65.00"
         *         },
         *         {
         *           "transactionId": "txn_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q",
         *           "occurredAt": "2026-11-27T08:30:00.000Z",
         *           "kind": "redemption",
         *           "description": "Rice and cooking oil",
         *           "category": null,
         *           "reference": "till-1-000123",
         *           "amount": "-17.50",
         *           "balanceAfter": "47.50"
         *         }
         *       ],
         *       "nextCursor": null
         *     }
         */
        Statement: {
            accountId: components["schemas"]["AccountId"];
            code: string;
            name: string;
            from: components["schemas"]["TimestampOut"] | null;
            to: components["schemas"]["TimestampOut"];
            openingBalance: components["schemas"]["Money"];
            closingBalance: components["schemas"]["Money"];
            totalIn: components["schemas"]["Money"];
            totalOut: components["schemas"]["Money"];
            lines: components["schemas"]["StatementLine"][];
            nextCursor: string | null;
        };
        /** @description The check passed. */
        Health: {
            /** @constant */
            status: "ok";
        };
        HoldId: string;
        /**
         * @description Points to reserve for a pending charge.
         * @example {
         *       "accountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *       "merchantAccountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q",
         *       "amount": "20.00",
         *       "description": "Basket at till 1"
         *     }
         */
        CreateHold: {
            accountId: components["schemas"]["AccountId"];
            merchantAccountId: components["schemas"]["AccountId"];
            amount: components["schemas"]["Amount"];
            /** @description Default 15 minutes from now; at most 7 days, or for a cashier key HOLD_TTL_MAX_CASHIER_MINUTES (60 by default, which also caps the default). */
            expiresAt?: components["schemas"]["Timestamp"];
            description?: string;
        };
        /**
         * @description What to charge of a pending hold.
         * @example {
         *       "amount": "17.50",
         *       "description": "Rice and cooking oil"
         *     }
         */
        CaptureHold: {
            /** @description At most the held amount; default all of it. The rest is released. */
            amount?: components["schemas"]["Amount"];
            description?: string;
            receipt?: components["schemas"]["Receipt"];
        };
        /** @enum {string} */
        HoldStatus: "pending" | "captured" | "voided" | "expired";
        /**
         * @description Points reserved for a pending charge; a pending hold past expiresAt is expired and reserves nothing.
         * @example {
         *       "id": "hold_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *       "accountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1P",
         *       "merchantAccountId": "acct_01KB0Z8Y3Q4W5E6R7T8Y9V0J1Q",
         *       "amount": "20.00",
         *       "status": "pending",
         *       "description": "Basket at till 1",
         *       "expiresAt": "2026-11-27T08:45:00.000Z",
         *       "createdAt": "2026-11-27T08:30:00.000Z",
         *       "resolvedAt": null,
         *       "capturedAmount": null,
         *       "transactionId": null
         *     }
         */
        Hold: {
            id: components["schemas"]["HoldId"];
            accountId: components["schemas"]["AccountId"];
            merchantAccountId: components["schemas"]["AccountId"];
            amount: components["schemas"]["Money"];
            status: components["schemas"]["HoldStatus"];
            description: string | null;
            expiresAt: components["schemas"]["TimestampOut"];
            createdAt: components["schemas"]["TimestampOut"];
            resolvedAt: components["schemas"]["TimestampOut"] | null;
            capturedAmount: components["schemas"]["Money"] | null;
            transactionId: components["schemas"]["TransactionId"] | null;
        };
        /**
         * @description transaction.posted; hold.created, hold.captured, hold.voided, hold.expired; account.frozen, account.closed; balance.crossed (a balance monitor fired); webhook_endpoint.disabled; claim.<state> for every claim state change (submitted, approved, rejected, certified, on_notice, objected, upheld, dismissed, dropped, posted) and activity.opened, activity.held: one per row of the certification history.
         * @enum {string}
         */
        EventType: "transaction.posted" | "hold.created" | "hold.captured" | "hold.voided" | "hold.expired" | "account.frozen" | "account.closed" | "balance.crossed" | "webhook_endpoint.disabled" | "claim.submitted" | "claim.approved" | "claim.rejected" | "claim.certified" | "claim.on_notice" | "claim.objected" | "claim.upheld" | "claim.dismissed" | "claim.dropped" | "claim.posted" | "activity.opened" | "activity.held";
        /** @description A change an app may care about, in commit order. The same object is a webhook body. */
        Event: {
            /** @description `evt_` and the seq: the same in every delivery of the event (the webhook-id header). */
            id: string;
            /** @description Gap-free, in commit order. */
            seq: string;
            type: string;
            /** @description When the change was committed. */
            timestamp: components["schemas"]["TimestampOut"];
            /** @description `transaction`, `hold`, `account`, `monitor`, `webhookEndpoint` or `certification` (a claim or activity state change: activityId, claimId, memberAccountId, state, actorKeyId, reason, at, and its history seq): the resource as it was. */
            data: {
                [key: string]: unknown;
            };
        };
        /** @description The next events this key may see, oldest first, and where to read on. */
        EventFeed: {
            data: components["schemas"]["Event"][];
            /** @description Pass as `after` to read on: past the events this key may not see, too. */
            nextAfter: string;
        };
        WebhookEndpointId: string;
        CreateWebhookEndpoint: {
            /** @description http(s). Private, loopback and link-local targets are refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS. */
            url: string;
            eventTypes: components["schemas"]["EventType"][];
            description?: string;
            filter?: {
                /** @description Only events touching one of these accounts (members or merchants). */
                accountIds?: components["schemas"]["AccountId"][];
                /** @description Only events of these earning categories. */
                categoryCodes?: string[];
            };
            /** @description The app's API key: the endpoint hears only what that key may (an issuer's, earnings; a cashier's, its supermarkets). The admin's own scope when absent. */
            apiKeyId?: string;
        };
        /** @description Where events are pushed, signed per Standard Webhooks; never with its secret. */
        WebhookEndpoint: {
            id: components["schemas"]["WebhookEndpointId"];
            url: string;
            description: string | null;
            eventTypes: string[];
            filter: {
                accountIds: string[];
                categoryCodes: string[];
            };
            apiKeyId: string | null;
            scope: {
                role: string;
                merchantAccountIds: string[];
            };
            /** @enum {string} */
            status: "enabled" | "disabled";
            disabledReason: string | null;
            /** @description The last event delivered (or passed over as not its own); the next waits until it is. */
            deliveredSeq: string;
            failures: number;
            nextAttemptAt: components["schemas"]["TimestampOut"];
            createdAt: components["schemas"]["TimestampOut"];
        };
        /** @description The endpoint, with its signing secret shown this once. */
        CreatedWebhookEndpoint: {
            id: components["schemas"]["WebhookEndpointId"];
            url: string;
            description: string | null;
            eventTypes: string[];
            filter: {
                accountIds: string[];
                categoryCodes: string[];
            };
            apiKeyId: string | null;
            scope: {
                role: string;
                merchantAccountIds: string[];
            };
            /** @enum {string} */
            status: "enabled" | "disabled";
            disabledReason: string | null;
            /** @description The last event delivered (or passed over as not its own); the next waits until it is. */
            deliveredSeq: string;
            failures: number;
            nextAttemptAt: components["schemas"]["TimestampOut"];
            createdAt: components["schemas"]["TimestampOut"];
            /** @description The signing secret (whsec_…), shown this once; null in an Idempotency-Key replay. */
            secret: string | null;
        };
        /** @description A page of webhook endpoints, newest first, never with their secrets. */
        WebhookEndpointPage: {
            data: components["schemas"]["WebhookEndpoint"][];
            nextCursor: string | null;
        };
        UpdateWebhookEndpoint: {
            /** @enum {string} */
            status: "enabled" | "disabled";
        };
        ReplayWebhookEndpoint: {
            /** @description Every event after this one is delivered again, in order. */
            afterSeq: string;
        };
        /** @description One try to deliver an event: what the receiver answered, or why nothing came back. */
        WebhookAttempt: {
            id: string;
            eventSeq: string;
            attemptedAt: components["schemas"]["TimestampOut"];
            statusCode: number | null;
            error: string | null;
            durationMs: number;
            ok: boolean;
        };
        /** @description A page of an endpoint's delivery attempts, newest first. */
        WebhookAttemptPage: {
            data: components["schemas"]["WebhookAttempt"][];
            nextCursor: string | null;
        };
        BalanceMonitorId: string;
        CreateBalanceMonitor: {
            accountId: components["schemas"]["AccountId"];
            /** @enum {string} */
            direction: "below" | "above";
            threshold: components["schemas"]["Amount"];
            description?: string;
        };
        /** @description Fires one balance.crossed event each time the available balance crosses to beyond the threshold; re-arms when it crosses back. */
        BalanceMonitor: {
            id: components["schemas"]["BalanceMonitorId"];
            accountId: components["schemas"]["AccountId"];
            /** @enum {string} */
            direction: "below" | "above";
            threshold: components["schemas"]["Money"];
            /** @description Whether the available balance was beyond the threshold when last evaluated. */
            beyond: boolean;
            description: string | null;
            createdAt: components["schemas"]["TimestampOut"];
        };
        /** @description An account's balance monitors, newest first. */
        BalanceMonitorPage: {
            data: components["schemas"]["BalanceMonitor"][];
            nextCursor: string | null;
        };
        ActivityId: string;
        ClaimId: string;
        ObjectionId: string;
        /** @example 2.5 */
        Hours: string;
        PointsRule: {
            /**
             * @description Fixed points per participant, or points per hour.
             * @enum {string}
             */
            per: "participant" | "hour";
            /** @description Points per participant, or per hour. */
            amount: components["schemas"]["Amount"];
            /** @description For per: "hour" only: the most one person earns from the activity. */
            capPerPerson?: components["schemas"]["Amount"];
        };
        CreateActivity: {
            title: string;
            /** @description A category whose earnings are "certified". */
            category: components["schemas"]["CategoryCode"];
            estate: components["schemas"]["EstateCode"];
            startsAt: components["schemas"]["Timestamp"];
            endsAt: components["schemas"]["Timestamp"];
            place: string;
            points: components["schemas"]["PointsRule"];
            plannedParticipants: number;
            /**
             * @description N: distinct certifiers each claim needs.
             * @default 2
             */
            certifiersRequired: number;
        };
        NewClaim: {
            memberAccountId: components["schemas"]["AccountId"];
            /** @description For an hourly activity (required there); at most as long as the activity lasted. */
            hours?: components["schemas"]["Hours"];
            /** @description For a fixed activity: fewer points than the rule gives, if so; the rule's by default. */
            points?: components["schemas"]["Amount"];
            note?: string;
            /** @description A photo hash, a sign-in record id. */
            evidence?: string;
        };
        SubmitClaims: {
            claims: components["schemas"]["NewClaim"][];
        };
        Certification: {
            /** @description Absent: every claim still waiting for certifiers. */
            claimIds?: components["schemas"]["ClaimId"][];
            /** @enum {string} */
            decision: "approve" | "reject";
            reason: string;
        };
        CreateObjection: {
            /** @description The resident objecting, for whom the app acts. */
            memberAccountId: components["schemas"]["AccountId"];
            reason: string;
        };
        ObjectionDecision: {
            /**
             * @description uphold: the claim is dropped; dismiss: it may post.
             * @enum {string}
             */
            decision: "uphold" | "dismiss";
            reason: string;
        };
        EarlyPosting: {
            reason: string;
        };
        SetIssuanceBudget: {
            /** @description A category code, or "*" for every category. */
            category: string;
            /** @description An estate, or "*" for every estate. */
            estate: string;
            /** @description The activities' month (of startsAt, in DISPLAY_TIME_ZONE). */
            month: string;
            limit: components["schemas"]["Amount"];
        };
        /** @description How many points a category may issue in an estate in a month, and how many it has. */
        IssuanceBudget: {
            category: string;
            estate: string;
            month: string;
            limit: components["schemas"]["Money"];
            issued: components["schemas"]["Money"];
        };
        /** @description A resident's objection to a claim on public notice, and its decision. */
        Objection: {
            id: components["schemas"]["ObjectionId"];
            claimId: components["schemas"]["ClaimId"];
            objectorAccountId: components["schemas"]["AccountId"];
            objectorKeyId: string | null;
            reason: string;
            /** @enum {string} */
            state: "open" | "upheld" | "dismissed";
            createdAt: components["schemas"]["TimestampOut"];
            decidedByKeyId: string | null;
            decisionReason: string | null;
            decidedAt: components["schemas"]["TimestampOut"] | null;
        };
        /** @description A certified activity with its claims, their certifications and objections, and its history. */
        Activity: {
            id: components["schemas"]["ActivityId"];
            title: string;
            category: string;
            estate: string;
            startsAt: components["schemas"]["TimestampOut"];
            endsAt: components["schemas"]["TimestampOut"];
            place: string;
            points: {
                /** @enum {string} */
                per: "participant" | "hour";
                amount: components["schemas"]["Money"];
                capPerPerson: components["schemas"]["Money"] | null;
            };
            plannedParticipants: number;
            certifiersRequired: number;
            organiserKeyId: string | null;
            /** @description Why its due claims are held back (an issuance budget), or null. */
            heldReason: string | null;
            createdAt: components["schemas"]["TimestampOut"];
            claims: {
                id: components["schemas"]["ClaimId"];
                memberAccountId: components["schemas"]["AccountId"];
                hours: string | null;
                points: components["schemas"]["Money"];
                note: string | null;
                evidence: string | null;
                /** @enum {string} */
                state: "submitted" | "rejected" | "on_notice" | "objected" | "dropped" | "posted";
                /** @description Approvals that count towards N: distinct people (keys linked to one member are one), keys not revoked */
                approvals: number;
                certifiedAt: components["schemas"]["TimestampOut"] | null;
                noticeEndsAt: components["schemas"]["TimestampOut"] | null;
                transactionId: components["schemas"]["TransactionId"] | null;
            }[];
            certifications: {
                claimId: components["schemas"]["ClaimId"];
                certifierKeyId: string;
                /** @enum {string} */
                decision: "approve" | "reject";
                reason: string;
                decidedAt: components["schemas"]["TimestampOut"];
            }[];
            objections: components["schemas"]["Objection"][];
            /** @description Every state change, oldest first: a part of the hash-chained certification history. */
            history: {
                seq: string;
                claimId: components["schemas"]["ClaimId"] | null;
                state: string;
                actorKeyId: string | null;
                actorAccountId: string | null;
                reason: string | null;
                at: components["schemas"]["TimestampOut"];
                hash: string;
            }[];
        };
        /** @description The hash-chained certification history recomputed. */
        CertificationChainCheck: {
            ok: boolean;
            checkedEvents: number;
            headSeq: string;
            headHash: string;
            firstBadSeq?: string;
        };
        /** @description What hangs on an estate's public notice board (公示), names and card numbers masked. */
        NoticeBoard: {
            estate: string;
            generatedAt: components["schemas"]["TimestampOut"];
            activities: {
                activityId: components["schemas"]["ActivityId"];
                title: string;
                category: string;
                estate: string;
                startsAt: components["schemas"]["TimestampOut"];
                endsAt: components["schemas"]["TimestampOut"];
                place: string;
                certifiers: string[];
                noticeEndsAt: components["schemas"]["TimestampOut"];
                claims: {
                    /** @description What a community app names to object to this line. */
                    claimId: components["schemas"]["ClaimId"];
                    member: {
                        /** @description Masked: 王*芳. */
                        name: string;
                        /** @description Masked: R-**01. */
                        code: string;
                    };
                    points: components["schemas"]["Money"];
                }[];
            }[];
        };
    };
    responses: {
        /** @description `account_not_active`: The account is frozen or closed. `idempotency_key_reused`: This Idempotency-Key was used with another request. `certified_category`: Points of this category are earned through certified activities. */
        AccountNotActiveOrIdempotencyKeyReusedOrCertifiedCategory: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `conflict`: The request conflicts with the current state. */
        Conflict: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `conflict`: The request conflicts with the current state. `idempotency_key_in_flight`: A request with this Idempotency-Key is still running. */
        ConflictOrIdempotencyKeyInFlight: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `conflict`: The request conflicts with the current state. `idempotency_key_in_flight`: A request with this Idempotency-Key is still running. `hold_not_pending`: The hold is no longer pending. */
        ConflictOrIdempotencyKeyInFlightOrHoldNotPending: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `conflict`: The request conflicts with the current state. `idempotency_key_in_flight`: A request with this Idempotency-Key is still running. `hold_not_pending`: The hold is no longer pending. `already_certified`: This certifier has already decided this claim. `claim_not_open`: The claim is not in a state that allows this. `objection_decided`: The objection is already decided. `claim_already_posted`: The claim is already posted. */
        ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `forbidden`: This key may not do that. */
        Forbidden: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `forbidden`: This key may not do that. `conflict_of_interest`: Nobody certifies their own points or their own activity. */
        ForbiddenOrConflictOfInterest: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `headers_too_large`: The request headers are too large. */
        HeadersTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `idempotency_key_in_flight`: A request with this Idempotency-Key is still running. `hold_not_pending`: The hold is no longer pending. */
        IdempotencyKeyInFlightOrHoldNotPending: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `idempotency_key_reused`: This Idempotency-Key was used with another request. */
        IdempotencyKeyReused: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `insufficient_funds`: Not enough available points. `account_not_active`: The account is frozen or closed. `idempotency_key_reused`: This Idempotency-Key was used with another request. */
        InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReused: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `insufficient_funds`: Not enough available points. `account_not_active`: The account is frozen or closed. `idempotency_key_reused`: This Idempotency-Key was used with another request. `reversal_exceeds_original`: The reversals would exceed the original transaction. */
        InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginal: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `insufficient_funds`: Not enough available points. `account_not_active`: The account is frozen or closed. `idempotency_key_reused`: This Idempotency-Key was used with another request. `reversal_exceeds_original`: The reversals would exceed the original transaction. `certified_category`: Points of this category are earned through certified activities. `notice_closed`: The public notice window has ended. `budget_exceeded`: The batch would exceed an issuance budget. */
        InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginalOrCertifiedCategoryOrNoticeClosedOrBudgetExceeded: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `internal`: Internal error. */
        Internal: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `not_found`: Not found. */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `internal`: Internal error. */
        OpenInternal: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `rate_limited`: Too many requests. */
        OpenRateLimited: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `shutting_down`: This instance of the service is shutting down. */
        OpenShuttingDown: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `unavailable`: The database is not available. `busy`: The service is busy. `shutting_down`: This instance of the service is shutting down. */
        OpenUnavailableOrBusyOrShuttingDown: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `unavailable`: The database is not available. `shutting_down`: This instance of the service is shutting down. */
        OpenUnavailableOrShuttingDown: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `validation_failed`: The request is not valid. */
        OpenValidationFailed: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `payload_too_large`: The request body is too large. */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `precondition_failed`: The resource has changed since it was read. */
        PreconditionFailed: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `rate_limited`: Too many requests. */
        RateLimited: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Retry-After": components["headers"]["Retry-After"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `request_timeout`: The request took too long to arrive. */
        RequestTimeout: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `unauthorized`: Authentication is required. */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `unavailable`: The database is not available. `busy`: The service is busy. `shutting_down`: This instance of the service is shutting down. */
        UnavailableOrBusyOrShuttingDown: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Retry-After": components["headers"]["Retry-After"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `unsupported_media_type`: The request body must be application/json. */
        UnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `uri_too_long`: The URL is too long. */
        UriTooLong: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `validation_failed`: The request is not valid. */
        ValidationFailed: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description The request's id (the caller's own X-Request-Id when it is 1-128 of A-Z a-z 0-9 . _ : -); the `instance` of a problem. */
        "X-Request-Id": string;
        /** @description Present, `true`, when this is the stored answer to an earlier request with the same Idempotency-Key and body. */
        "Idempotency-Replayed": "true";
        /** @description Seconds to wait before retrying (with the same Idempotency-Key for a write). */
        "Retry-After": string;
        /** @description The scheme to authenticate with: `Bearer`, with `error="invalid_token"` for a key that is unknown, revoked or expired. */
        "WWW-Authenticate": string;
        /** @description A strong entity tag of exactly this representation: send it back as If-None-Match (304 while current) or If-Match (412 once changed). */
        ETag: string;
        /** @description Requests allowed in the current window (a minute) for this key, or for this address without a known key. */
        "RateLimit-Limit": string;
        /** @description Requests left in the current window. */
        "RateLimit-Remaining": string;
        /** @description Seconds until the current window ends. */
        "RateLimit-Reset": string;
        /** @description What the printable page may load and run: its own stylesheet, nothing else. */
        "Content-Security-Policy": string;
        /** @description A download: the file name to save it under. */
        "Content-Disposition": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    liveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the check passed. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            408: components["responses"]["RequestTimeout"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["OpenInternal"];
            503: components["responses"]["OpenShuttingDown"];
        };
    };
    readiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the check passed. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            408: components["responses"]["RequestTimeout"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["OpenInternal"];
            503: components["responses"]["OpenUnavailableOrShuttingDown"];
        };
    };
    getPublicNotices: {
        parameters: {
            query: {
                estate: components["schemas"]["EstateCode"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: what hangs on an estate's public notice board (公示), names and card numbers masked. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NoticeBoard"];
                };
            };
            400: components["responses"]["OpenValidationFailed"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["OpenRateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["OpenInternal"];
            503: components["responses"]["OpenUnavailableOrBusyOrShuttingDown"];
        };
    };
    getPublicNoticesPage: {
        parameters: {
            query: {
                estate: components["schemas"]["EstateCode"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            400: components["responses"]["OpenValidationFailed"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["OpenRateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["OpenInternal"];
            503: components["responses"]["OpenUnavailableOrBusyOrShuttingDown"];
        };
    };
    listAccounts: {
        parameters: {
            query?: {
                kind?: components["schemas"]["AccountKind"];
                status?: components["schemas"]["AccountStatus"];
                code?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of accounts, newest first, and the cursor of the next page (null at the end). */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountPage"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createAccount: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAccount"];
            };
        };
        responses: {
            /** @description Created: a holder of points; `available` is `balance` less pending holds. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlight"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    getAccount: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the copy the client holds: 304 without a body while it is current. */
                "if-none-match"?: string;
            };
            path: {
                accountId: components["schemas"]["AccountId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a holder of points; `available` is `balance` less pending holds. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            /** @description Not modified: the ETag in If-None-Match is current */
            304: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    updateAccount: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag of the account as the client last read it: the update applies only if the account still shows exactly that (balance included), else 412 precondition_failed. Without it, the update is unconditional. */
                "if-match"?: string;
            };
            path: {
                accountId: components["schemas"]["AccountId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAccount"];
            };
        };
        responses: {
            /** @description OK: a holder of points; `available` is `balance` less pending holds. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    getBalanceAsOf: {
        parameters: {
            query?: {
                asOf?: components["schemas"]["Timestamp"];
            };
            header?: never;
            path: {
                accountId: components["schemas"]["AccountId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the sum of the entries that took effect at or before asOf. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BalanceAsOf"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    listCategories: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: every earning category. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CategoryList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createCategory: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCategory"];
            };
        };
        responses: {
            /** @description Created: an earning category and the system account its points are issued from. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Category"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlight"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createEarning: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateEarning"];
            };
        };
        responses: {
            /** @description Created: one balanced event in the journal with its entries. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transaction"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlight"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["AccountNotActiveOrIdempotencyKeyReusedOrCertifiedCategory"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createEarningBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateEarningBatch"];
            };
        };
        responses: {
            /** @description Created: the transactions posted, in the order of the request. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionList"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlight"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["AccountNotActiveOrIdempotencyKeyReusedOrCertifiedCategory"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createRedemption: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRedemption"];
            };
        };
        responses: {
            /** @description Created: one balanced event in the journal with its entries. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transaction"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlight"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createTransfer: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTransfer"];
            };
        };
        responses: {
            /** @description Created: one balanced event in the journal with its entries. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transaction"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlight"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createHold: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateHold"];
            };
        };
        responses: {
            /** @description Created: points reserved for a pending charge; a pending hold past expiresAt is expired and reserves nothing. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hold"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlight"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    getHold: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                holdId: components["schemas"]["HoldId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: points reserved for a pending charge; a pending hold past expiresAt is expired and reserves nothing. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hold"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    captureHold: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path: {
                holdId: components["schemas"]["HoldId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CaptureHold"];
            };
        };
        responses: {
            /** @description Created: one balanced event in the journal with its entries. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transaction"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPending"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    voidHold: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path: {
                holdId: components["schemas"]["HoldId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: points reserved for a pending charge; a pending hold past expiresAt is expired and reserves nothing. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hold"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["IdempotencyKeyInFlightOrHoldNotPending"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    getStatement: {
        parameters: {
            query?: {
                from?: components["schemas"]["Timestamp"];
                to?: components["schemas"]["Timestamp"];
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                accountId: components["schemas"]["AccountId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a passbook page, oldest first: openingBalance + totalIn - totalOut = closingBalance on every page, and the next page opens where this one closes. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Statement"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    getStatementCsv: {
        parameters: {
            query?: {
                from?: components["schemas"]["Timestamp"];
                to?: components["schemas"]["Timestamp"];
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                accountId: components["schemas"]["AccountId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The statement as CSV */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Content-Disposition": components["headers"]["Content-Disposition"];
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    getStatementHtml: {
        parameters: {
            query?: {
                from?: components["schemas"]["Timestamp"];
                to?: components["schemas"]["Timestamp"];
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                accountId: components["schemas"]["AccountId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The printable passbook */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Content-Security-Policy": components["headers"]["Content-Security-Policy"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    exportJournal: {
        parameters: {
            query?: {
                format?: "jsonl" | "csv" | "ledger";
                /** @description Only transactions with a sequence number above this one (jsonl, csv: resume where the last export ended) */
                afterSeq?: string;
                from?: components["schemas"]["Timestamp"];
                to?: components["schemas"]["Timestamp"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The journal */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Content-Disposition": components["headers"]["Content-Disposition"];
                    [name: string]: unknown;
                };
                content: {
                    "application/jsonl": string;
                    "text/csv": string;
                    "text/plain": string;
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    verifyJournal: {
        parameters: {
            query?: {
                /** @description Start at this sequence number (default 1) */
                fromSeq?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the hash chain recomputed from the stored journal. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyResult"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    getTrialBalance: {
        parameters: {
            query?: {
                asOf?: components["schemas"]["Timestamp"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: every account's balance at asOf and their total, which is always "0.00". */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrialBalance"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    getEarningsReport: {
        parameters: {
            query?: {
                from?: components["schemas"]["Timestamp"];
                to?: components["schemas"]["Timestamp"];
                groupBy?: "category" | "account";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: totals for the public notice board (公示), ranked. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EarningsReport"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of API keys, newest first, without their secrets, and the cursor of the next page. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPage"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKey"];
            };
        };
        responses: {
            /** @description Created: a new API key with its secret, shown in this answer only. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlight"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: components["schemas"]["ApiKeyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    listTransactions: {
        parameters: {
            query?: {
                accountId?: components["schemas"]["AccountId"];
                kind?: components["schemas"]["TransactionKind"];
                from?: components["schemas"]["Timestamp"];
                to?: components["schemas"]["Timestamp"];
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of transactions, newest first, and the cursor of the next page (null at the end). */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionPage"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createAdjustment: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAdjustment"];
            };
        };
        responses: {
            /** @description Created: one balanced event in the journal with its entries. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transaction"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlight"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    getTransaction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                transactionId: components["schemas"]["TransactionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: one balanced event in the journal with its entries. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transaction"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createReversal: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path: {
                transactionId: components["schemas"]["TransactionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateReversal"];
            };
        };
        responses: {
            /** @description Created: one balanced event in the journal with its entries. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transaction"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlight"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginal"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description The last seq already read (the previous answer's nextAfter); 0 for the oldest kept. */
                after?: string;
                /** @description Seconds (0-30) to wait for an event when none is there yet (long-poll). */
                wait?: string;
                limit?: number;
                /** @description Comma-separated event types; all when absent. */
                types?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the next events this key may see, oldest first, and where to read on. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventFeed"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of webhook endpoints, newest first, never with their secrets. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointPage"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookEndpoint"];
            };
        };
        responses: {
            /** @description Created: the endpoint, with its signing secret shown this once. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhookEndpoint"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginalOrCertifiedCategoryOrNoticeClosedOrBudgetExceeded"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: components["schemas"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: where events are pushed, signed per Standard Webhooks; never with its secret. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: components["schemas"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: components["schemas"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookEndpoint"];
            };
        };
        responses: {
            /** @description OK: where events are pushed, signed per Standard Webhooks; never with its secret. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    rotateWebhookEndpointSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path: {
                endpointId: components["schemas"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created: the endpoint, with its signing secret shown this once. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhookEndpoint"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginalOrCertifiedCategoryOrNoticeClosedOrBudgetExceeded"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    listWebhookAttempts: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                endpointId: components["schemas"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a page of an endpoint's delivery attempts, newest first. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookAttemptPage"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    replayWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: components["schemas"]["WebhookEndpointId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplayWebhookEndpoint"];
            };
        };
        responses: {
            /** @description OK: where events are pushed, signed per Standard Webhooks; never with its secret. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    listBalanceMonitors: {
        parameters: {
            query: {
                accountId: components["schemas"]["AccountId"];
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: an account's balance monitors, newest first. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BalanceMonitorPage"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createBalanceMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBalanceMonitor"];
            };
        };
        responses: {
            /** @description Created: fires one balance.crossed event each time the available balance crosses to beyond the threshold; re-arms when it crosses back. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BalanceMonitor"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    deleteBalanceMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                monitorId: components["schemas"]["BalanceMonitorId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createActivity: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateActivity"];
            };
        };
        responses: {
            /** @description Created: a certified activity with its claims, their certifications and objections, and its history. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Activity"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginalOrCertifiedCategoryOrNoticeClosedOrBudgetExceeded"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    getActivity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                activityId: components["schemas"]["ActivityId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: a certified activity with its claims, their certifications and objections, and its history. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Activity"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            414: components["responses"]["UriTooLong"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    submitClaims: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path: {
                activityId: components["schemas"]["ActivityId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubmitClaims"];
            };
        };
        responses: {
            /** @description Created: a certified activity with its claims, their certifications and objections, and its history. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Activity"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginalOrCertifiedCategoryOrNoticeClosedOrBudgetExceeded"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    certifyClaims: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path: {
                activityId: components["schemas"]["ActivityId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Certification"];
            };
        };
        responses: {
            /** @description OK: a certified activity with its claims, their certifications and objections, and its history. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Activity"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenOrConflictOfInterest"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginalOrCertifiedCategoryOrNoticeClosedOrBudgetExceeded"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    postActivityEarly: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path: {
                activityId: components["schemas"]["ActivityId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EarlyPosting"];
            };
        };
        responses: {
            /** @description Created: a certified activity with its claims, their certifications and objections, and its history. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Activity"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginalOrCertifiedCategoryOrNoticeClosedOrBudgetExceeded"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    createObjection: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path: {
                claimId: components["schemas"]["ClaimId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateObjection"];
            };
        };
        responses: {
            /** @description Created: a resident's objection to a claim on public notice, and its decision. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Objection"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginalOrCertifiedCategoryOrNoticeClosedOrBudgetExceeded"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    decideObjection: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path: {
                objectionId: components["schemas"]["ObjectionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ObjectionDecision"];
            };
        };
        responses: {
            /** @description OK: a resident's objection to a claim on public notice, and its decision. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Objection"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["ForbiddenOrConflictOfInterest"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["UriTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginalOrCertifiedCategoryOrNoticeClosedOrBudgetExceeded"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    setIssuanceBudget: {
        parameters: {
            query?: never;
            header?: {
                /** @description Retry-safe key: the same key and body answer the first response again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetIssuanceBudget"];
            };
        };
        responses: {
            /** @description OK: how many points a category may issue in an estate in a month, and how many it has. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Idempotency-Replayed": components["headers"]["Idempotency-Replayed"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuanceBudget"];
                };
            };
            400: components["responses"]["ValidationFailed"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            409: components["responses"]["ConflictOrIdempotencyKeyInFlightOrHoldNotPendingOrAlreadyCertifiedOrClaimNotOpenOrObjectionDecidedOrClaimAlreadyPosted"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InsufficientFundsOrAccountNotActiveOrIdempotencyKeyReusedOrReversalExceedsOriginalOrCertifiedCategoryOrNoticeClosedOrBudgetExceeded"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
    verifyCertificationEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK: the hash-chained certification history recomputed. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CertificationChainCheck"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            408: components["responses"]["RequestTimeout"];
            429: components["responses"]["RateLimited"];
            431: components["responses"]["HeadersTooLarge"];
            500: components["responses"]["Internal"];
            503: components["responses"]["UnavailableOrBusyOrShuttingDown"];
        };
    };
}

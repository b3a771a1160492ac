import Ledger
import Projections
import ReadModels

/// The read models as PostgreSQL rows (docs/SQL.md): `model_rows` holds every row of every model, as its
/// canonical export line (docs/READMODELS.md) in `jsonb`, keyed by origin, model and the row's stored key;
/// `fangxin_models` the version each model was written by; and a view per question a BI user asks (merchants,
/// tier changes, complaint and report facts, statistics totals, credit lines and alerts) reads typed columns
/// out of them.
enum ModelTables {
    static let create: [String] = [
        """
        CREATE TABLE IF NOT EXISTS model_rows (
            origin text NOT NULL,
            model text NOT NULL,
            "table" text NOT NULL,
            key bytea NOT NULL,
            row jsonb,
            position bigint NOT NULL,
            PRIMARY KEY (origin, model, key)
        )
        """,
        "CREATE INDEX IF NOT EXISTS model_rows_by_table ON model_rows (origin, model, \"table\")",
        "CREATE TABLE IF NOT EXISTS fangxin_models (origin text NOT NULL, model text NOT NULL, version integer NOT NULL, PRIMARY KEY (origin, model))",
        """
        CREATE OR REPLACE VIEW merchants AS
        SELECT origin, row->>'merchant' AS merchant, row->>'name' AS name, row->>'region' AS region, row->>'industry' AS industry,
               row->>'tier' AS tier, row->>'library' AS library, (row->>'stars')::integer AS stars, (row->>'since')::date AS since,
               row->>'reason' AS reason, (row->>'depositFen')::bigint AS deposit_fen, (row->>'depositDrawnFen')::bigint AS deposit_drawn_fen,
               position
        FROM model_rows WHERE model = 'tiers' AND "table" = 'standing'
        """,
        """
        CREATE OR REPLACE VIEW tier_changes AS
        SELECT origin, row->>'merchant' AS merchant, (row->>'position')::bigint AS position, row->>'from' AS from_tier,
               row->>'to' AS to_tier, (row->>'on')::date AS on_day, row->>'reason' AS reason, row->>'policy' AS policy
        FROM model_rows WHERE model = 'tiers' AND "table" = 'tier-changed'
        """,
        """
        CREATE OR REPLACE VIEW complaint_facts AS
        SELECT origin, row->>'complaint' AS complaint, (row->>'receivedOn')::date AS received_on, row->>'channel' AS channel,
               row->>'category' AS category, row->>'region' AS region, row->>'merchantRegion' AS merchant_region,
               row->>'merchant' AS merchant, row->>'merchantName' AS merchant_name, (row->>'acceptanceDue')::date AS acceptance_due,
               (row->>'decidedOn')::date AS decided_on, (row->>'accepted')::boolean AS accepted, (row->>'mediationDue')::date AS mediation_due,
               (row->>'closedOn')::date AS closed_on, (row->>'mediationAgreement')::boolean AS mediation_agreement,
               (row->>'recoveredFen')::bigint AS recovered_fen, (row->>'feedbackGiven')::boolean AS feedback_given,
               row->>'satisfaction' AS satisfaction, row->>'track' AS track, (row->>'crossStoreReturn')::boolean AS cross_store_return
        FROM model_rows WHERE model = 'stats' AND "table" = 'complaint' AND row->>'channel' IS NOT NULL
        """,
        """
        CREATE OR REPLACE VIEW report_facts AS
        SELECT origin, row->>'report' AS report, (row->>'receivedOn')::date AS received_on, row->>'channel' AS channel,
               row->>'region' AS region, row->>'merchant' AS merchant, row->>'merchantName' AS merchant_name,
               (row->>'verificationDue')::date AS verification_due, (row->>'verifiedOn')::date AS verified_on,
               (row->>'substantiated')::boolean AS substantiated, (row->>'decidedOn')::date AS decided_on, (row->>'filed')::boolean AS filed,
               (row->>'caseClosedOn')::date AS case_closed_on, (row->>'penaltyFen')::bigint AS penalty_fen, (row->>'rewardFen')::bigint AS reward_fen
        FROM model_rows WHERE model = 'stats' AND "table" = 'report' AND row->>'channel' IS NOT NULL
        """,
        """
        CREATE OR REPLACE VIEW statistics_totals AS
        SELECT origin, row->>'month' AS month, row->>'region' AS region, row->>'category' AS category, row->>'channel' AS channel,
               (row->>'received')::bigint AS received, (row->>'accepted')::bigint AS accepted, (row->>'notAccepted')::bigint AS not_accepted,
               (row->>'decidedOnTime')::bigint AS decided_on_time, (row->>'closed')::bigint AS closed, (row->>'closedOnTime')::bigint AS closed_on_time,
               (row->>'mediationAgreements')::bigint AS mediation_agreements, (row->>'recoveredFen')::numeric AS recovered_fen,
               (row->>'feedbackGiven')::bigint AS feedback_given, (row->>'rated')::bigint AS rated, (row->>'satisfied')::bigint AS satisfied,
               (row->>'crossRegion')::bigint AS cross_region, (row->>'crossStoreReturns')::bigint AS cross_store_returns
        FROM model_rows WHERE model = 'stats' AND "table" = 'totals'
        """,
        """
        CREATE OR REPLACE VIEW credit_lines AS
        SELECT origin, row->>'merchant' AS merchant, row->>'bank' AS bank, row->>'product' AS product, (row->>'amountFen')::bigint AS amount_fen,
               (row->>'termMonths')::integer AS term_months, (row->>'grantedOn')::date AS granted_on, (row->>'grantedAt')::bigint AS granted_at,
               row->>'status' AS status, (row->>'statusAt')::bigint AS status_at
        FROM model_rows WHERE model = 'credit' AND "table" = 'line' AND row->>'status' IS NOT NULL
        """,
        """
        CREATE OR REPLACE VIEW credit_alerts AS
        SELECT l.origin, l.merchant, m.name AS merchant_name, m.tier, l.bank, l.product, l.amount_fen
        FROM credit_lines l JOIN merchants m ON m.origin = l.origin AND m.merchant = l.merchant
        WHERE l.status = 'active' AND m.tier IN ('warning', 'delisted')
        """,
    ]

    static let columns = ["origin", "model", "table", "key", "row", "position"]

    /// Appends `changed`'s row, a line of COPY's text format, as of `position`. `json` is scratch space for the
    /// row's export line, kept by the caller from one row to the next.
    static func append(_ changed: ModelFollower.ChangedRow, origin: String, position: UInt64, to row: inout [UInt8], json: inout [UInt8]) {
        EventsTable.escape(origin.utf8, into: &row)
        row.append(0x09)
        EventsTable.escape(changed.model.utf8, into: &row)
        row.append(0x09)
        EventsTable.escape(changed.row.table.utf8, into: &row)
        row.append(0x09)
        // bytea's hex input, its backslash escaped for COPY.
        row += Array(#"\\x"#.utf8) + Array(hexadecimal(changed.key).utf8)
        row.append(0x09)
        json.removeAll(keepingCapacity: true)
        // jsonb holds no U+0000: such a row is left NULL (docs/SQL.md).
        if ModelExport.append(changed.row, to: &json) { row += Array(#"\N"#.utf8) } else { EventsTable.escape(json, into: &row) }
        row.append(0x09)
        row += Array(String(position).utf8)
        row.append(0x0A)
    }
}

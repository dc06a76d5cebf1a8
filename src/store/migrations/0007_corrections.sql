-- Corrections (issue 19): a contract that never started can be withdrawn or declined; an
-- invoice can be voided (kept, with its reason) or credited (a credit note lowers what it
-- asks for).
--
-- The contracts table is rebuilt to widen its state CHECK (SQLite cannot alter one): the
-- runner turns foreign keys off around the migrations, as SQLite's documented procedure
-- for table changes asks (https://sqlite.org/lang_altertable.html#otheralter), so the old
-- table's rows are moved, not deleted with everything that points at them, and checks
-- the keys before committing.

CREATE TABLE contracts_new (
    id                 INTEGER PRIMARY KEY,
    client_id          INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    title              TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    scope              TEXT NOT NULL DEFAULT '',
    rate_model         TEXT NOT NULL CHECK (rate_model IN ('fixed', 'hourly', 'retainer')),
    currency           TEXT NOT NULL CHECK (length(currency) = 3),
    -- fixed: the price; hourly: the rate per hour; retainer: the monthly fee.
    rate_minor         INTEGER NOT NULL CHECK (rate_minor >= 0),
    -- Hours of work it takes (the capacity check); hourly: also what is billed.
    estimated_hours    INTEGER CHECK (estimated_hours >= 0),
    start_day          TEXT,
    end_day            TEXT,
    payment_terms_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365),
    ip_terms           TEXT NOT NULL DEFAULT '',
    notice_days        INTEGER CHECK (notice_days >= 0),
    termination_text   TEXT NOT NULL DEFAULT '',
    contingency        TEXT NOT NULL DEFAULT '',
    state              TEXT NOT NULL CHECK (state IN ('draft', 'sent', 'signed_by_client', 'signed_by_both',
                                                      'active', 'completed', 'terminated',
                                                      'withdrawn', 'declined')),
    terminated_on      TEXT,
    termination_reason TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    logged_minutes     INTEGER NOT NULL DEFAULT 0 CHECK (logged_minutes >= 0),
    CHECK (end_day IS NULL OR start_day IS NULL OR end_day >= start_day)
) STRICT;
INSERT INTO contracts_new (id, client_id, title, scope, rate_model, currency, rate_minor, estimated_hours,
                           start_day, end_day, payment_terms_days, ip_terms, notice_days, termination_text,
                           contingency, state, terminated_on, termination_reason, created_at, updated_at,
                           logged_minutes)
SELECT id, client_id, title, scope, rate_model, currency, rate_minor, estimated_hours,
       start_day, end_day, payment_terms_days, ip_terms, notice_days, termination_text,
       contingency, state, terminated_on, termination_reason, created_at, updated_at,
       logged_minutes
FROM contracts;
DROP TABLE contracts;
ALTER TABLE contracts_new RENAME TO contracts;
CREATE INDEX contracts_by_client ON contracts (client_id);
CREATE INDEX contracts_by_state ON contracts (state);

-- A void invoice stays in the history with the day and the reason; it asks for nothing.
ALTER TABLE invoices ADD COLUMN voided_on TEXT;
ALTER TABLE invoices ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';
-- The sum of its credit notes, kept by triggers like paid_minor.
ALTER TABLE invoices ADD COLUMN credited_minor INTEGER NOT NULL DEFAULT 0 CHECK (credited_minor >= 0);

DROP INDEX invoices_unpaid;
CREATE INDEX invoices_unpaid ON invoices (due_day)
    WHERE voided_on IS NULL AND paid_minor + credited_minor < amount_minor;

-- A credit note: part of an invoice the client no longer owes (a mistake, a discount).
CREATE TABLE credit_notes (
    id           INTEGER PRIMARY KEY,
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    day          TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX credit_notes_by_invoice ON credit_notes (invoice_id);
CREATE TRIGGER credit_notes_add AFTER INSERT ON credit_notes BEGIN
    UPDATE invoices SET credited_minor = credited_minor + NEW.amount_minor WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER credit_notes_remove AFTER DELETE ON credit_notes BEGIN
    UPDATE invoices SET credited_minor = credited_minor - OLD.amount_minor WHERE id = OLD.invoice_id;
END;

-- What a user's delete took out, kept for Undo (store/trash.rs): the rows as they were,
-- table by table, parents first. Emptied of entries older than a day when the app starts.
CREATE TABLE trash (
    id         INTEGER PRIMARY KEY,
    label      TEXT NOT NULL,
    rows       TEXT NOT NULL,   -- JSON: [{"table": …, "values": {column: value}}]
    created_at TEXT NOT NULL
) STRICT;

-- Contracts, their payment schedules, invoices and payments. Money is integer minor units
-- of the contract's ISO 4217 currency (EUR cents, JPY yen, KWD fils); never floats.

CREATE TABLE contracts (
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
                                                      'active', 'completed', 'terminated')),
    terminated_on      TEXT,
    termination_reason TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK (end_day IS NULL OR start_day IS NULL OR end_day >= start_day)
) STRICT;
CREATE INDEX contracts_by_client ON contracts (client_id);
CREATE INDEX contracts_by_state ON contracts (state);

CREATE TABLE deliverables (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    due_day     TEXT,
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
) STRICT;
CREATE INDEX deliverables_by_contract ON deliverables (contract_id, position);
CREATE INDEX deliverables_due ON deliverables (due_day) WHERE due_day IS NOT NULL;

-- Every change of state, with the day it happened.
CREATE TABLE contract_history (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    state       TEXT NOT NULL,
    day         TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX contract_history_by_contract ON contract_history (contract_id, id);

-- The payment schedule: what is due when. Cancelled instalments (a terminated contract)
-- stay as history.
CREATE TABLE instalments (
    id           INTEGER PRIMARY KEY,
    contract_id  INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    label        TEXT NOT NULL,
    due_day      TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    cancelled    INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1))
) STRICT;
CREATE INDEX instalments_by_contract ON instalments (contract_id, position);
CREATE INDEX instalments_due ON instalments (due_day) WHERE cancelled = 0;

CREATE TABLE invoices (
    id            INTEGER PRIMARY KEY,
    contract_id   INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    instalment_id INTEGER REFERENCES instalments (id) ON DELETE SET NULL,
    number        TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 50),
    issue_day     TEXT NOT NULL,
    due_day       TEXT NOT NULL CHECK (due_day >= issue_day),
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    -- The sum of its payments, kept by the triggers below so that "what is unpaid" is an
    -- index range, not a sum over every payment ever made.
    paid_minor    INTEGER NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX invoices_by_contract ON invoices (contract_id);
CREATE INDEX invoices_unpaid ON invoices (due_day) WHERE paid_minor < amount_minor;

CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    day          TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    method       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX payments_by_invoice ON payments (invoice_id);

CREATE TRIGGER payments_add AFTER INSERT ON payments BEGIN
    UPDATE invoices SET paid_minor = paid_minor + NEW.amount_minor WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER payments_remove AFTER DELETE ON payments BEGIN
    UPDATE invoices SET paid_minor = paid_minor - OLD.amount_minor WHERE id = OLD.invoice_id;
END;
CREATE TRIGGER payments_change AFTER UPDATE OF amount_minor, invoice_id ON payments BEGIN
    UPDATE invoices SET paid_minor = paid_minor - OLD.amount_minor WHERE id = OLD.invoice_id;
    UPDATE invoices SET paid_minor = paid_minor + NEW.amount_minor WHERE id = NEW.invoice_id;
END;

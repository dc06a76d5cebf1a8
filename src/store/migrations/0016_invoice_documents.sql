-- Issue 16: invoices as documents. An invoice's lines (quantity in thousandths, unit price
-- in the contract currency's minor units, a tax rate in basis points, the line's net as
-- computed when it was issued), the client's billing address for the document, and the
-- day the invoice was sent. An invoice without lines (issued before this step, or for an
-- amount) reads as one line of its amount with no tax.
CREATE TABLE invoice_lines (
    id               INTEGER PRIMARY KEY,
    invoice_id       INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    description      TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
    quantity_milli   INTEGER NOT NULL CHECK (quantity_milli > 0),
    unit             TEXT NOT NULL DEFAULT '',
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    tax_basis_points INTEGER NOT NULL DEFAULT 0 CHECK (tax_basis_points BETWEEN 0 AND 10000),
    net_minor        INTEGER NOT NULL CHECK (net_minor >= 0),
    UNIQUE (invoice_id, position)
) STRICT;

ALTER TABLE clients ADD COLUMN billing_address TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN sent_on TEXT;
